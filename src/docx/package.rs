//! The DOCX package: the body and footers from [`super::convert`] and
//! [`super::layout`], the small parts written here (content types,
//! relationships, core and app properties), everything zipped in a fixed
//! order with deflate and a timestamp taken from the document date, never
//! the clock.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use super::archive::{Archive, Deflate};
use super::layout;
use super::style::StyleProfile;
use super::text::strip_xml_forbidden;
use super::xml::escape;
use super::{DocProps, DocxError};

const CT_MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
const BODY: &str = "word/document.xml";

/// A part's bytes: made for this draft, or shared by every draft of the
/// thread's style ([`StyleParts`]). A shared part's deflated bytes are kept
/// by the archive and reused while it is the same allocation: no copy of
/// the part per draft, no comparison of its bytes.
pub(super) enum Data {
    Own(Vec<u8>),
    Shared(Rc<[u8]>),
}

impl Data {
    pub(super) fn bytes(&self) -> &[u8] {
        match self {
            Data::Own(bytes) => bytes,
            Data::Shared(bytes) => bytes,
        }
    }
}

/// One part of the package: its name in the archive and its bytes.
pub(super) struct Part {
    pub name: Cow<'static, str>,
    pub data: Data,
}

impl Part {
    fn shared(name: impl Into<Cow<'static, str>>, data: &Rc<[u8]>) -> Part {
        Part {
            name: name.into(),
            data: Data::Shared(Rc::clone(data)),
        }
    }

    fn own(name: impl Into<Cow<'static, str>>, data: Vec<u8>) -> Part {
        Part {
            name: name.into(),
            data: Data::Own(data),
        }
    }
}

/// The parts that depend on the style alone (styles, settings, fonts,
/// theme, footers, content types, relationships, app properties), made
/// once for the last style a thread laid out: a batch lays out thousands
/// of drafts in one style, and formatting these parts anew each time cost
/// about a tenth of a draft's conversion.
struct StyleParts {
    profile: StyleProfile,
    styles: Rc<[u8]>,
    settings: Rc<[u8]>,
    fonts: Rc<[u8]>,
    theme: Rc<[u8]>,
    package_rels: Rc<[u8]>,
    app: Rc<[u8]>,
    /// Without and with the blank footer ([`layout::footers`]).
    footed: [Footed; 2],
}

/// The parts that depend on the footers: the footers themselves, the
/// content types and the document's relationships.
struct Footed {
    footers: Vec<Rc<[u8]>>,
    content_types: Rc<[u8]>,
    document_rels: Rc<[u8]>,
}

impl Footed {
    fn new(profile: &StyleProfile, blank: bool) -> Footed {
        let footers: Vec<Rc<[u8]>> = layout::footers(profile, blank)
            .into_iter()
            .map(|f| Rc::from(f.into_bytes()))
            .collect();
        Footed {
            content_types: Rc::from(content_types(footers.len()).into_bytes()),
            document_rels: Rc::from(document_rels(footers.len()).into_bytes()),
            footers,
        }
    }
}

thread_local! {
    static STYLE_PARTS: RefCell<Option<Rc<StyleParts>>> = const { RefCell::new(None) };
}

fn style_parts(profile: &StyleProfile) -> Rc<StyleParts> {
    STYLE_PARTS.with_borrow_mut(|kept| match kept {
        Some(parts) if parts.profile == *profile => Rc::clone(parts),
        _ => {
            let parts = Rc::new(StyleParts {
                profile: profile.clone(),
                styles: Rc::from(layout::styles_xml(profile).into_bytes()),
                settings: Rc::from(layout::settings_xml(profile).into_bytes()),
                fonts: Rc::from(layout::font_table_xml(profile).into_bytes()),
                theme: Rc::from(layout::theme_xml(profile).into_bytes()),
                package_rels: Rc::from(package_rels().into_bytes()),
                app: Rc::from(app_xml().into_bytes()),
                footed: [Footed::new(profile, false), Footed::new(profile, true)],
            });
            *kept = Some(Rc::clone(&parts));
            parts
        }
    })
}

/// The names of the footer parts, from 1.
const FOOTER_NAMES: [&str; 3] = ["word/footer1.xml", "word/footer2.xml", "word/footer3.xml"];

/// Every part of the package, in the order they are zipped: `document` is
/// the body, `blank_footer` whether an empty footer follows the numbered
/// ones ([`layout::footers`]).
pub(super) fn parts(
    document: String,
    blank_footer: bool,
    props: &DocProps,
    profile: &StyleProfile,
) -> Vec<Part> {
    let style = style_parts(profile);
    let footed = &style.footed[usize::from(blank_footer)];
    let mut parts = Vec::with_capacity(12 + footed.footers.len());
    parts.extend([
        Part::shared("[Content_Types].xml", &footed.content_types),
        Part::shared("_rels/.rels", &style.package_rels),
        Part::own("docProps/core.xml", core_xml(props).into_bytes()),
        Part::shared("docProps/app.xml", &style.app),
        Part::own(BODY, document.into_bytes()),
        Part::shared("word/styles.xml", &style.styles),
        Part::shared("word/settings.xml", &style.settings),
        Part::shared("word/fontTable.xml", &style.fonts),
        Part::shared("word/theme/theme1.xml", &style.theme),
        Part::shared("word/_rels/document.xml.rels", &footed.document_rels),
    ]);
    for (i, footer) in footed.footers.iter().enumerate() {
        let name: Cow<'static, str> = match FOOTER_NAMES.get(i) {
            Some(name) => (*name).into(),
            None => format!("word/footer{}.xml", i + 1).into(),
        };
        parts.push(Part::shared(name, footer));
    }
    parts
}

/// Zips `parts`.
pub(super) fn zip(parts: &[Part], date: chrono::NaiveDate) -> Result<Vec<u8>, DocxError> {
    let size: usize = parts.iter().map(|p| p.data.bytes().len()).sum();
    let mut archive = Archive::new(date, size / 3);
    for Part { name, data } in parts {
        let how = if name == BODY {
            Deflate::Body
        } else {
            Deflate::Small
        };
        match data {
            Data::Own(bytes) => archive.add(name, bytes, how)?,
            Data::Shared(bytes) => archive.add_shared(name, bytes, how)?,
        }
    }
    Ok(archive.finish()?)
}

fn content_types(footers: usize) -> String {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#,
    );
    let mut part = |name: &str, kind: &str| {
        x.push_str(&format!(
            r#"<Override PartName="/{name}" ContentType="{kind}"/>"#
        ));
    };
    part("word/document.xml", &format!("{CT_MAIN}.document.main+xml"));
    part("word/styles.xml", &format!("{CT_MAIN}.styles+xml"));
    part("word/settings.xml", &format!("{CT_MAIN}.settings+xml"));
    part("word/fontTable.xml", &format!("{CT_MAIN}.fontTable+xml"));
    part(
        "word/theme/theme1.xml",
        "application/vnd.openxmlformats-officedocument.theme+xml",
    );
    for i in 1..=footers {
        part(
            &format!("word/footer{i}.xml"),
            &format!("{CT_MAIN}.footer+xml"),
        );
    }
    part(
        "docProps/core.xml",
        "application/vnd.openxmlformats-package.core-properties+xml",
    );
    part(
        "docProps/app.xml",
        "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    );
    x.push_str("</Types>");
    x
}

fn relationships(rels: &[(&str, &str, &str)]) -> String {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (id, kind, target) in rels {
        x.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{kind}" Target="{target}"/>"#
        ));
    }
    x.push_str("</Relationships>");
    x
}

const OFFICE_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn package_rels() -> String {
    relationships(&[
        (
            "rId1",
            &format!("{OFFICE_RELS}/officeDocument"),
            "word/document.xml",
        ),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ),
        (
            "rId3",
            &format!("{OFFICE_RELS}/extended-properties"),
            "docProps/app.xml",
        ),
    ])
}

fn document_rels(footers: usize) -> String {
    let styles = format!("{OFFICE_RELS}/styles");
    let settings = format!("{OFFICE_RELS}/settings");
    let fonts = format!("{OFFICE_RELS}/fontTable");
    let footer = format!("{OFFICE_RELS}/footer");
    let theme = format!("{OFFICE_RELS}/theme");
    let mut rels = vec![
        ("rId1", styles.as_str(), "styles.xml"),
        ("rId2", settings.as_str(), "settings.xml"),
        ("rId3", fonts.as_str(), "fontTable.xml"),
        ("rId4", theme.as_str(), "theme/theme1.xml"),
    ];
    let footer_parts: Vec<(String, String)> = (1..=footers)
        .map(|n| (layout::footer_rid(n), format!("footer{n}.xml")))
        .collect();
    for (rid, target) in &footer_parts {
        rels.push((rid.as_str(), footer.as_str(), target.as_str()));
    }
    relationships(&rels)
}

/// Title and author from the caller; created and modified are the document date.
fn core_xml(props: &DocProps) -> String {
    let clean = |s: &str| escape(&strip_xml_forbidden(s)).into_owned();
    let author = props
        .author
        .as_deref()
        .map(|a| {
            let a = clean(a);
            format!("<dc:creator>{a}</dc:creator><cp:lastModifiedBy>{a}</cp:lastModifiedBy>")
        })
        .unwrap_or_default();
    let date = props.date.format("%Y-%m-%dT00:00:00Z");
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title>{author}<dc:language>zh-CN</dc:language><cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified></cp:coreProperties>"#,
        title = clean(&props.title),
    )
}

fn app_xml() -> String {
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>wengao</Application></Properties>"#.to_owned()
}
