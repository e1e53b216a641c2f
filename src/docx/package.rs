//! The DOCX package: the body and footers from [`super::convert`] and
//! [`super::layout`], the small parts written here (content types,
//! relationships, core and app properties), everything zipped in a fixed
//! order with deflate and a timestamp taken from the document date, never
//! the clock.

use std::cell::RefCell;
use std::rc::Rc;

use super::archive::Archive;
use super::layout;
use super::style::StyleProfile;
use super::text::strip_xml_forbidden;
use super::xml::escape;
use super::{DocProps, DocxError};

const CT_MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
const BODY: &str = "word/document.xml";

/// The parts that depend on the style alone (styles, settings, fonts,
/// theme), made once for the last style a thread laid out: a batch lays out
/// thousands of drafts in one style, and formatting these parts anew each
/// time cost about a tenth of a draft's conversion.
struct StyleParts {
    profile: StyleProfile,
    styles: Vec<u8>,
    settings: Vec<u8>,
    fonts: Vec<u8>,
    theme: Vec<u8>,
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
                styles: layout::styles_xml(profile).into_bytes(),
                settings: layout::settings_xml(profile).into_bytes(),
                fonts: layout::font_table_xml(profile).into_bytes(),
                theme: layout::theme_xml(profile).into_bytes(),
            });
            *kept = Some(Rc::clone(&parts));
            parts
        }
    })
}

/// Every part of the package, in the order they are zipped.
pub(super) fn parts(
    document: String,
    footers: Vec<String>,
    props: &DocProps,
    profile: &StyleProfile,
) -> Vec<(String, Vec<u8>)> {
    let style = style_parts(profile);
    let mut parts = vec![
        (
            "[Content_Types].xml".to_owned(),
            content_types(footers.len()).into_bytes(),
        ),
        ("_rels/.rels".to_owned(), package_rels().into_bytes()),
        ("docProps/core.xml".to_owned(), core_xml(props).into_bytes()),
        ("docProps/app.xml".to_owned(), app_xml().into_bytes()),
        (BODY.to_owned(), document.into_bytes()),
        ("word/styles.xml".to_owned(), style.styles.clone()),
        ("word/settings.xml".to_owned(), style.settings.clone()),
        ("word/fontTable.xml".to_owned(), style.fonts.clone()),
        ("word/theme/theme1.xml".to_owned(), style.theme.clone()),
        (
            "word/_rels/document.xml.rels".to_owned(),
            document_rels(footers.len()).into_bytes(),
        ),
    ];
    for (i, footer) in footers.into_iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), footer.into_bytes()));
    }
    parts
}

/// Deflate level of the body. zlib-rs's level 2 (its fast strategy) takes
/// about a third of the time of the default 6 on a report, for about a tenth
/// more bytes: the 7,700-character fixture's package is 18.4 KB, under the
/// project's 20 KB.
const BODY_LEVEL: u32 = 2;
/// Deflate level of the small parts (styles, settings, footers, …): zlib-rs's
/// level 1 uses fixed Huffman codes and skips building a tree per part,
/// which is most of the time a one-kilobyte part takes; about 0.7 KB more.
const SMALL_LEVEL: u32 = 1;

/// Zips `parts`.
pub(super) fn zip(
    parts: &[(String, Vec<u8>)],
    date: chrono::NaiveDate,
) -> Result<Vec<u8>, DocxError> {
    let size: usize = parts.iter().map(|(_, data)| data.len()).sum();
    let mut archive = Archive::new(date, size / 3);
    for (name, data) in parts {
        let level = if name == BODY {
            BODY_LEVEL
        } else {
            SMALL_LEVEL
        };
        archive.add(name, data, level)?;
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
