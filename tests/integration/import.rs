//! `loa import`: a Word document built in the test (a zip of WordprocessingML
//! parts) becomes an article bundle that builds with its heading, list, table,
//! picture and link; a second import refuses to overwrite.

use crate::common::Site;
use std::io::Write;

const NOW: &str = "2022-07-01";

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63,
    0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    0xae, 0x42, 0x60, 0x82,
];

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#;

fn para(style: Option<&str>, runs: &str) -> String {
    let props = style.map(|s| format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>")).unwrap_or_default();
    format!("<w:p>{props}{runs}</w:p>")
}

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

fn list_item(num_id: u32, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{num_id}\"/></w:numPr></w:pPr>{}</w:p>",
        run(text)
    )
}

fn cell(text: &str) -> String {
    format!("<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr>{}</w:tc>", para(None, &run(text)))
}

fn picture(alt: &str) -> String {
    format!(
        "<w:r><w:drawing><wp:inline><wp:extent cx=\"9525\" cy=\"9525\"/><wp:docPr id=\"1\" name=\"Picture 1\" descr=\"{alt}\"/>\
<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:blipFill><a:blip r:embed=\"rId10\"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
}

/// A `.docx` with a heading, bold and italic, a bulleted and a numbered list,
/// a table, a picture, a link, a comment and a run in the TCVN3 font .VnTime.
fn docx(alt: &str) -> Vec<u8> {
    let body = [
        para(Some("Heading1"), &run("Họp báo quý I: kết quả cải cách hành chính")),
        para(
            None,
            &format!(
                "{}<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">Sở Nội vụ</w:t></w:r>{}<w:r><w:rPr><w:i/></w:rPr><w:t>một cửa</w:t></w:r>{}",
                run("Sáng 14/01, "),
                run(" tổ chức họp báo về "),
                run(".")
            ),
        ),
        para(Some("Heading2"), &run("Kết quả nổi bật")),
        list_item(1, "Tiếp nhận 1.200 hồ sơ trực tuyến"),
        list_item(1, "Rút ngắn thời gian giải quyết"),
        list_item(2, "Công khai thủ tục"),
        list_item(2, "Lấy ý kiến người dân"),
        format!(
            "<w:tbl><w:tblPr/><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            cell("Đơn vị"),
            cell("Số hồ sơ"),
            cell("Sở Tư pháp"),
            cell("340")
        ),
        para(None, &picture(alt)),
        para(
            None,
            &format!(
                "{}<w:hyperlink r:id=\"rId20\"><w:r><w:t>Cổng dịch vụ công</w:t></w:r></w:hyperlink>{}<w:commentRangeStart w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r>",
                run("Xem thêm tại "),
                run(".")
            ),
        ),
        para(None, "<w:r><w:rPr><w:rFonts w:ascii=\".VnTime\" w:hAnsi=\".VnTime\"/></w:rPr><w:t>C¶i c¸ch hµnh chÝnh Hµ Néi</w:t></w:r>"),
    ]
    .concat();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/><Relationship Id="rId20" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://dichvucong.hanoi.gov.vn/" TargetMode="External"/></Relationships>"#;
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles {W}><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/></w:style></w:styles>"
    );
    let numbering = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:numbering {W}>\
<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/></w:lvl></w:abstractNum>\
<w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"decimal\"/></w:lvl></w:abstractNum>\
<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num><w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num></w:numbering>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let parts: [(&str, &[u8]); 5] = [
        ("word/document.xml", document.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/media/image1.png", PNG),
    ];
    for (name, data) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_word_document_becomes_an_article_that_builds_and_is_never_overwritten() {
    let site = Site::new("basic");
    std::fs::write(site.root().join("du-thao.docx"), docx("Quang cảnh buổi họp báo")).unwrap();
    let args = ["import", "du-thao.docx", "--section", "tin-tuc", "--area", "the-che", "--date", "2022-01-14 09:00"];
    let out = site.loa_native(&args);
    assert_eq!(out.status, 0, "stdout:\n{}\nstderr:\n{}", out.stdout, out.stderr);
    let slug = "hop-bao-quy-i-ket-qua-cai-cach-hanh-chinh";
    let article = format!("content/tin-tuc/{slug}/index.md");
    assert!(out.stdout.contains(&format!("đã nhập {article} cùng 1 ảnh")), "{}", out.stdout);
    assert!(out.stdout.contains("loa serve"), "{}", out.stdout);
    // What Markdown cannot carry is reported; the legacy font is converted.
    assert!(out.stderr.contains("warning: du-thao.docx: bỏ qua 1 chú thích (comment)"), "{}", out.stderr);
    assert!(out.stderr.contains("phông TCVN3"), "{}", out.stderr);

    let text = std::fs::read_to_string(site.root().join(&article)).unwrap();
    assert!(
        text.starts_with("---\ntitle: \"Họp báo quý I: kết quả cải cách hành chính\"\ndate: 2022-01-14 09:00\nareas: [the-che]\n"),
        "{text}"
    );
    for expected in [
        "Sáng 14/01, **Sở Nội vụ** tổ chức họp báo về *một cửa*.",
        "## Kết quả nổi bật",
        "- Tiếp nhận 1.200 hồ sơ trực tuyến\n- Rút ngắn thời gian giải quyết",
        "1. Công khai thủ tục\n1. Lấy ý kiến người dân",
        "| Đơn vị | Số hồ sơ |\n| --- | --- |\n| Sở Tư pháp | 340 |",
        "![Quang cảnh buổi họp báo](hinh-1.png)",
        "Xem thêm tại [Cổng dịch vụ công](https://dichvucong.hanoi.gov.vn/).",
        "Cải cách hành chính Hà Nội",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(!text.contains("# Họp báo quý I"), "the title is repeated in the body:\n{text}");
    assert_eq!(std::fs::read(site.root().join(format!("content/tin-tuc/{slug}/hinh-1.png"))).unwrap(), PNG);

    // The article builds, and its page shows the picture, the table, the list and the link.
    let check = site.loa(&["check", "--now", NOW]);
    assert_eq!(check.status, 0, "{}", check.stderr);
    let page = std::fs::read_to_string(site.build(NOW).join(format!("tin-tuc/{slug}/index.html"))).unwrap();
    assert!(page.contains("<h1>Họp báo quý I: kết quả cải cách hành chính</h1>"), "{page}");
    assert!(page.contains("alt=\"Quang cảnh buổi họp báo\""), "{page}");
    assert!(site.exists(&format!("tin-tuc/{slug}/hinh-1.png")), "the picture is not published");
    assert!(page.contains("<table>") && page.contains("<td>Sở Tư pháp</td>"), "{page}");
    assert!(page.contains("<li>Tiếp nhận 1.200 hồ sơ trực tuyến</li>") && page.contains("<ol>"), "{page}");
    assert!(page.contains("href=\"https://dichvucong.hanoi.gov.vn/\""), "{page}");

    // A second import of the same document refuses and leaves the article alone.
    let edited = text.replace("Cải cách hành chính Hà Nội", "Đoạn đã sửa.");
    std::fs::write(site.root().join(&article), &edited).unwrap();
    let again = site.loa(&args);
    assert_eq!(again.status, 1, "{}", again.stderr);
    assert!(again.stderr.contains(&format!("error: {article}: already exists")), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(site.root().join(&article)).unwrap(), edited);
}

#[test]
fn a_picture_without_alt_text_is_reported_and_a_non_docx_refused() {
    let site = Site::new("basic");
    std::fs::write(site.root().join("anh.docx"), docx("")).unwrap();
    let out = site.loa(&["import", "anh.docx", "--section", "tin-tuc", "--area", "the-che", "--slug", "anh", "--date", "2022-01-14"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stderr.contains("warning: content/tin-tuc/anh/index.md: picture hinh-1.png has no alt text"), "{}", out.stderr);

    std::fs::write(site.root().join("cu.doc"), b"\xd0\xcf\x11\xe0 an old binary Word file").unwrap();
    let out = site.loa(&["import", "cu.doc", "--section", "tin-tuc", "--area", "the_che"]);
    assert_eq!(out.status, 1);
    assert!(out.stderr.contains("unknown area \"the_che\""), "{}", out.stderr);
    let out = site.loa(&["import", "cu.doc", "--section", "tin-tuc", "--area", "the-che"]);
    assert_eq!(out.status, 1);
    assert!(out.stderr.contains("error: cu.doc: not a Word document (.docx)"), "{}", out.stderr);
}
