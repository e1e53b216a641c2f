//! The document as a light tree, built from the same `saphyr-parser` events
//! that [`super::source_map`] walks, and a serde deserializer over it that
//! gives what `serde_norway` gives: so a file is parsed once, not twice.
//!
//! The tree covers what data files are written with: scalars (their text
//! and whether they are plain), sequences and mappings with scalar keys.
//! A document with anything else (a tag, an anchor or alias, a merge key
//! `<<`, a collection as a key) is marked outside it, and
//! [`Tree::deserialize`] then declines.
//!
//! The deserializer mirrors `serde_norway`'s (its `de.rs`, 0.9): plain
//! scalars resolve to null, bool, integer or float by the same rules
//! (copied below), quoted and block scalars are always text, any scalar
//! reads as text where text is asked for, an empty plain scalar reads as an
//! empty list or mapping, enums are read from a scalar naming a unit
//! variant only. It never explains a failure: it only says no, and the
//! caller asks `serde_norway` again, whose error is the one the user sees.
//! So the one thing it must never do is accept what `serde_norway` refuses
//! or give another value; `super::oracle` checks that on every YAML file of
//! the repository and on generated documents.

use std::borrow::Cow;
use std::fmt;
use std::num::ParseIntError;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess,
    Visitor,
};

/// One parsed document, in document order: a collection's nodes follow it.
#[derive(Debug, Default)]
pub(crate) struct Tree<'s> {
    nodes: Vec<Node<'s>>,
    /// The document uses something the deserializer does not cover.
    outside: bool,
}

/// One node. A collection knows its number of children (key and value
/// count as one entry of a mapping) and where its last descendant ends, so
/// skipping it is one step.
#[derive(Debug)]
enum Node<'s> {
    Scalar { text: Cow<'s, str>, plain: bool },
    Seq { len: u32, end: u32 },
    Map { len: u32, end: u32 },
}

impl<'s> Tree<'s> {
    /// An empty tree with room for about as many nodes as `source` has lines.
    pub(crate) fn for_source(source: &str) -> Self {
        Tree {
            nodes: Vec::with_capacity(source.len() / 24),
            outside: false,
        }
    }

    /// The document has something the deserializer does not cover: it will
    /// decline, and nothing more needs recording.
    pub(crate) fn refuse(&mut self) {
        self.outside = true;
        self.nodes = Vec::new();
    }

    /// Records a scalar.
    pub(crate) fn scalar(&mut self, text: Cow<'s, str>, plain: bool) {
        if !self.outside {
            self.nodes.push(Node::Scalar { text, plain });
        }
    }

    /// Records the start of a collection; its index, for [`Self::close`].
    pub(crate) fn open(&mut self, mapping: bool) -> usize {
        let at = self.nodes.len();
        if !self.outside {
            self.nodes.push(if mapping {
                Node::Map { len: 0, end: 0 }
            } else {
                Node::Seq { len: 0, end: 0 }
            });
        }
        at
    }

    /// Records the end of the collection opened at `at`, which had `count`
    /// children (entries, for a mapping).
    pub(crate) fn close(&mut self, at: usize, count: usize) {
        if self.outside {
            return;
        }
        let end = self.nodes.len();
        let (Ok(count), Ok(end)) = (u32::try_from(count), u32::try_from(end)) else {
            self.refuse();
            return;
        };
        if let Some(Node::Seq { len, end: e } | Node::Map { len, end: e }) = self.nodes.get_mut(at)
        {
            *len = count;
            *e = end;
        }
    }

    /// The document deserialized into `T` as `serde_norway` would, or
    /// `None` when the tree declines: the document is outside what it
    /// covers, or deserializing fails (then `serde_norway` explains why).
    pub(crate) fn deserialize<T: DeserializeOwned>(&self) -> Option<T> {
        // Data, settings and style files are mappings; a document that is
        // one scalar (or nothing) is left to serde_norway.
        if self.outside
            || !matches!(
                self.nodes.first(),
                Some(Node::Map { .. } | Node::Seq { .. })
            )
        {
            return None;
        }
        let mut de = Deserializer {
            nodes: &self.nodes,
            pos: 0,
            remaining_depth: 128,
        };
        let value = T::deserialize(&mut de).ok()?;
        (de.pos == self.nodes.len()).then_some(value)
    }
}

impl Tree<'_> {
    /// In debug builds (every test of the crate, unit or end to end), each
    /// file the tree read is read again by `serde_norway`, which must
    /// accept it too and see the same document: a wrong tree fails the
    /// tests loudly wherever they load YAML.
    #[cfg(debug_assertions)]
    pub(crate) fn check_against_reference<T: DeserializeOwned>(&self, source: &str) {
        assert!(
            serde_norway::from_str::<T>(source).is_ok(),
            "the one-pass YAML reader accepted what serde_norway refuses:\n{source}"
        );
        let reference = serde_norway::from_str::<serde_norway::Value>(source).ok();
        assert_eq!(
            self.deserialize::<serde_norway::Value>(),
            reference,
            "the one-pass YAML reader reads another document than serde_norway:\n{source}"
        );
    }
}

/// The deserializer's only error: "ask `serde_norway`". It carries no
/// message, so a failed attempt costs no formatting.
#[derive(Debug)]
pub(crate) struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("declined by the one-pass deserializer")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Declined
    }
}

type Result<T> = std::result::Result<T, Declined>;

/// Reads the nodes from `pos` on.
struct Deserializer<'t, 's> {
    nodes: &'t [Node<'s>],
    pos: usize,
    /// `serde_norway` refuses nesting deeper than 128 (collections and
    /// newtypes alike); so does this.
    remaining_depth: u8,
}

impl<'t> Deserializer<'t, '_> {
    fn peek(&self) -> Result<&'t Node<'t>> {
        // Shortening 's to 't: the nodes outlive the borrow of the tree.
        self.nodes.get(self.pos).map(shorten).ok_or(Declined)
    }

    fn next(&mut self) -> Result<&'t Node<'t>> {
        let node = self.peek()?;
        self.pos += 1;
        Ok(node)
    }

    /// The next node, when it is a plain scalar: its text.
    fn next_plain(&mut self) -> Result<&'t str> {
        match self.next()? {
            Node::Scalar { text, plain: true } => Ok(text),
            _ => Err(Declined),
        }
    }

    fn nested<R>(&mut self, f: impl FnOnce(&mut Self) -> Result<R>) -> Result<R> {
        let previous = self.remaining_depth;
        self.remaining_depth = previous.checked_sub(1).ok_or(Declined)?;
        let result = f(self);
        self.remaining_depth = previous;
        result
    }

    /// Visits the sequence or mapping whose node was just read, with `len`
    /// children; like `serde_norway`, a visitor that leaves children unread
    /// fails (there, with an error about the length).
    fn visit_collection<'de, V: Visitor<'de>>(
        &mut self,
        len: u32,
        mapping: bool,
        visitor: V,
    ) -> Result<V::Value>
    where
        't: 'de,
    {
        let (value, left) = self.nested(|de| {
            let mut access = Access {
                de,
                left: len,
                key_read: false,
            };
            let value = if mapping {
                visitor.visit_map(&mut access)?
            } else {
                visitor.visit_seq(&mut access)?
            };
            Ok((value, access.left + u32::from(access.key_read)))
        })?;
        if left == 0 { Ok(value) } else { Err(Declined) }
    }

    /// A mapping (or a sequence) where one is asked for; an empty plain
    /// scalar reads as an empty one.
    fn collection<'de, V: Visitor<'de>>(&mut self, mapping: bool, visitor: V) -> Result<V::Value>
    where
        't: 'de,
    {
        match self.next()? {
            Node::Map { len, .. } if mapping => self.visit_collection(*len, true, visitor),
            Node::Seq { len, .. } if !mapping => self.visit_collection(*len, false, visitor),
            Node::Scalar { text, plain: true } if text.is_empty() => {
                self.visit_collection(0, mapping, visitor)
            }
            _ => Err(Declined),
        }
    }
}

fn shorten<'t>(node: &'t Node<'_>) -> &'t Node<'t> {
    node
}

/// Methods that read as another one does.
macro_rules! forward {
    ($($($method:ident)+ => $to:ident,)+) => {
        $($(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
                self.$to(visitor)
            }
        )+)+
    };
}

impl<'de, 't: 'de> de::Deserializer<'de> for &mut Deserializer<'t, '_> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Node::Scalar { text, plain: true } => visit_untagged_scalar(visitor, text),
            Node::Scalar { text, plain: false } => visitor.visit_borrowed_str(text),
            Node::Seq { len, .. } => self.visit_collection(*len, false, visitor),
            Node::Map { len, .. } => self.visit_collection(*len, true, visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_bool(parse_bool(self.next_plain()?).ok_or(Declined)?)
    }

    // As `serde_norway`: smaller numbers are read as the largest of their
    // kind, a character, an identifier or a `String` as text.
    forward! {
        deserialize_i8 deserialize_i16 deserialize_i32 => deserialize_i64,
        deserialize_u8 deserialize_u16 deserialize_u32 => deserialize_u64,
        deserialize_f32 => deserialize_f64,
        deserialize_char deserialize_string deserialize_identifier => deserialize_str,
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor
            .visit_i64(parse_signed_int(self.next_plain()?, i64::from_str_radix).ok_or(Declined)?)
    }

    fn deserialize_i128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor
            .visit_i128(parse_signed_int(self.next_plain()?, i128::from_str_radix).ok_or(Declined)?)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor
            .visit_u64(parse_unsigned_int(self.next_plain()?, u64::from_str_radix).ok_or(Declined)?)
    }

    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u128(
            parse_unsigned_int(self.next_plain()?, u128::from_str_radix).ok_or(Declined)?,
        )
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(parse_f64(self.next_plain()?).ok_or(Declined)?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Node::Scalar { text, .. } => visitor.visit_borrowed_str(text),
            _ => Err(Declined),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let is_some = match self.peek()? {
            Node::Scalar { plain: false, .. } | Node::Seq { .. } | Node::Map { .. } => true,
            Node::Scalar { text, plain: true } => !text.is_empty() && !is_null(text),
        };
        if is_some {
            visitor.visit_some(self)
        } else {
            self.pos += 1;
            visitor.visit_none()
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let text = self.next_plain()?;
        if text.is_empty() || is_null(text) {
            visitor.visit_unit()
        } else {
            Err(Declined)
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.peek()?;
        self.nested(|de| visitor.visit_newtype_struct(de))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.collection(false, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.collection(true, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    /// Only a scalar naming a unit variant: `serde_norway` reads other
    /// variants from tags alone, which the tree does not cover.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.peek()? {
            Node::Scalar { .. } => visitor.visit_enum(UnitVariant { de: self }),
            _ => Err(Declined),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Node::Scalar { .. } => {}
            Node::Seq { end, .. } | Node::Map { end, .. } => self.pos = *end as usize,
        }
        visitor.visit_unit()
    }
}

/// The children of one sequence or mapping; `left` counts entries not yet
/// begun.
struct Access<'a, 't, 's> {
    de: &'a mut Deserializer<'t, 's>,
    left: u32,
    /// A mapping's key was read and its value not yet.
    key_read: bool,
}

impl<'de, 't: 'de> SeqAccess<'de> for Access<'_, 't, '_> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left as usize)
    }
}

impl<'de, 't: 'de> MapAccess<'de> for Access<'_, 't, '_> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.key_read {
            // A key after a key: `serde_norway` would read the value as
            // the next key. Never done by serde's own visitors.
            return Err(Declined);
        }
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        self.key_read = true;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        if !self.key_read {
            return Err(Declined);
        }
        self.key_read = false;
        seed.deserialize(&mut *self.de)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left as usize)
    }
}

/// An enum written as a scalar: the variant's name, and nothing more.
struct UnitVariant<'a, 't, 's> {
    de: &'a mut Deserializer<'t, 's>,
}

impl<'de, 't: 'de> EnumAccess<'de> for UnitVariant<'_, 't, '_> {
    type Error = Declined;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        Ok((seed.deserialize(&mut *self.de)?, self))
    }
}

impl<'de, 't: 'de> VariantAccess<'de> for UnitVariant<'_, 't, '_> {
    type Error = Declined;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value> {
        Err(Declined)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> Result<V::Value> {
        Err(Declined)
    }
}

// How a plain scalar resolves, as `serde_norway` 0.9.42 `de.rs` does it
// (MIT OR Apache-2.0), kept function for function so the two can be read
// side by side.

/// `~`, `null`, `Null`, `NULL` (the empty scalar is checked apart).
fn is_null(scalar: &str) -> bool {
    matches!(scalar, "null" | "Null" | "NULL" | "~")
}

fn parse_bool(scalar: &str) -> Option<bool> {
    match scalar {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

type FromStrRadix<T> = fn(&str, u32) -> std::result::Result<T, ParseIntError>;

fn parse_unsigned_int<T>(scalar: &str, from_str_radix: FromStrRadix<T>) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) {
        return None;
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

fn parse_signed_int<T>(scalar: &str, from_str_radix: FromStrRadix<T>) -> Option<T> {
    let unpositive = if let Some(unpositive) = scalar.strip_prefix('+') {
        if unpositive.starts_with(['+', '-']) {
            return None;
        }
        unpositive
    } else {
        scalar
    };
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
        if let Some(rest) = scalar
            .strip_prefix('-')
            .and_then(|s| s.strip_prefix(prefix))
            && let Ok(int) = from_str_radix(&format!("-{rest}"), radix)
        {
            return Some(int);
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

fn parse_negative_int<T>(scalar: &str, from_str_radix: FromStrRadix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = scalar.strip_prefix(prefix)
            && let Ok(int) = from_str_radix(&format!("-{rest}"), radix)
        {
            return Some(int);
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

fn parse_f64(scalar: &str) -> Option<f64> {
    let unpositive = if let Some(unpositive) = scalar.strip_prefix('+') {
        if unpositive.starts_with(['+', '-']) {
            return None;
        }
        unpositive
    } else {
        scalar
    };
    if let ".inf" | ".Inf" | ".INF" = unpositive {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = scalar {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = scalar {
        return Some(f64::NAN.copysign(1.0));
    }
    if let Ok(float) = unpositive.parse::<f64>()
        && float.is_finite()
    {
        return Some(float);
    }
    None
}

/// Leading zeros followed by digits make a string (YAML 1.2).
fn digits_but_not_number(scalar: &str) -> bool {
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

fn visit_int<'de, V: Visitor<'de>>(
    visitor: V,
    v: &str,
) -> std::result::Result<Result<V::Value>, V> {
    if let Some(int) = parse_unsigned_int(v, u64::from_str_radix) {
        return Ok(visitor.visit_u64(int));
    }
    if let Some(int) = parse_negative_int(v, i64::from_str_radix) {
        return Ok(visitor.visit_i64(int));
    }
    if let Some(int) = parse_unsigned_int(v, u128::from_str_radix) {
        return Ok(visitor.visit_u128(int));
    }
    if let Some(int) = parse_negative_int(v, i128::from_str_radix) {
        return Ok(visitor.visit_i128(int));
    }
    Err(visitor)
}

fn visit_untagged_scalar<'de, V: Visitor<'de>>(visitor: V, v: &'de str) -> Result<V::Value> {
    if v.is_empty() || is_null(v) {
        return visitor.visit_unit();
    }
    if let Some(boolean) = parse_bool(v) {
        return visitor.visit_bool(boolean);
    }
    let visitor = match visit_int(visitor, v) {
        Ok(result) => return result,
        Err(visitor) => visitor,
    };
    if !digits_but_not_number(v)
        && let Some(float) = parse_f64(v)
    {
        return visitor.visit_f64(float);
    }
    visitor.visit_borrowed_str(v)
}
