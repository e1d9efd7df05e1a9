//! Hostile inputs are bounded (issue #11, section 3): tiny files built here that make a
//! naive reader take gigabytes, recurse without end or read forever all end in exit 2
//! with a message, while the redliner process runs under an address-space limit that
//! any blow-up in it would hit (an allocation failure aborts with status 134).

use assert_cmd::Command;
use std::io::Write;

/// The address-space limit (KiB) the redliner process itself runs under in these tests.
/// The PDF child limits itself further.
const PARENT_LIMIT_KIB: u64 = 2 * 1024 * 1024;

/// A PDF with one page; `objects` are numbered from 4 (1 catalog, 2 pages, 3 page),
/// the page's resources are `resources` and its content is object 4.
fn pdf(resources: &str, objects: &[String]) -> Vec<u8> {
    let mut all: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
             /Resources {resources} >>"
        )
        .into_bytes(),
    ];
    all.extend(objects.iter().map(|o| o.clone().into_bytes()));
    pdf_of(&all)
}

/// Objects (numbered from 1) into a PDF with a correct cross-reference table.
fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        writeln!(out, "{} 0 obj", i + 1).unwrap();
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for o in offsets {
        writeln!(out, "{o:010} 00000 n ").unwrap();
    }
    write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    out
}

fn stream(dict: &str, content: &str) -> String {
    format!(
        "<< {dict} /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    )
}

const FONT: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

/// Form XObjects that each draw the next `fan` times, `levels` deep; the last draws text.
fn nested_forms(levels: usize, fan: usize) -> Vec<u8> {
    // Objects: 4 page content, 5 font, 6.. forms X0..X{levels}.
    let form = |i: usize| 6 + i;
    let mut objects = vec![stream("", "/X0 Do"), FONT.to_string()];
    for i in 0..=levels {
        let (resources, content) = if i == levels {
            (
                "<< /Font << /F1 5 0 R >> >>".to_string(),
                "BT /F1 12 Tf 72 700 Td (We will act together.) Tj ET".to_string(),
            )
        } else {
            (
                format!("<< /XObject << /X{} {} 0 R >> >>", i + 1, form(i + 1)),
                format!("/X{} Do\n", i + 1).repeat(fan),
            )
        };
        objects.push(stream(
            &format!("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources {resources}"),
            &content,
        ));
    }
    pdf(
        &format!("<< /XObject << /X0 {} 0 R >> >>", form(0)),
        &objects,
    )
}

/// A form XObject that draws itself (and, with `mutual`, one that draws its partner).
fn recursive_form(mutual: bool) -> Vec<u8> {
    let other = if mutual { 6 } else { 5 };
    let mut objects = vec![
        stream("", "/X0 Do"),
        stream(
            &format!(
                "/Type /XObject /Subtype /Form /BBox [0 0 612 792] \
                 /Resources << /XObject << /X0 {other} 0 R >> >>"
            ),
            "/X0 Do",
        ),
    ];
    if mutual {
        objects.push(stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 612 792] \
             /Resources << /XObject << /X0 5 0 R >> >>",
            "/X0 Do",
        ));
    }
    pdf("<< /XObject << /X0 5 0 R >> >>", &objects)
}

/// A raw deflate stream (fixed Huffman codes) of `len` copies of `byte`.
fn deflate_run(byte: u8, len: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, bits: u32) {
            self.acc |= value << self.n;
            self.n += bits;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// Huffman codes go most significant bit first.
        fn code(&mut self, code: u64, bits: u32) {
            let reversed = (0..bits).fold(0, |r, i| r | ((code >> i) & 1) << (bits - 1 - i));
            self.put(reversed, bits);
        }
        fn literal(&mut self, b: u8) {
            match b {
                0..=143 => self.code(0x30 + u64::from(b), 8),
                _ => self.code(0x190 + u64::from(b - 144), 9),
            }
        }
    }
    let mut w = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    w.put(1, 1); // last block
    w.put(1, 2); // fixed Huffman codes
    w.literal(byte);
    let mut left = len - 1;
    while left >= 258 {
        w.code(0b11000101, 8); // length 258 (code 285)
        w.code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        w.literal(byte);
    }
    w.code(0, 7); // end of block
    w.put(0, 7); // flush
    w.out
}

/// A page whose content is `gib` GiB of spaces behind two layers of Flate (a few
/// hundred kilobytes of file).
fn flate_bomb(gib: usize) -> Vec<u8> {
    let inner = [&[0x78, 0x01][..], &deflate_run(b' ', gib << 30)].concat();
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&inner).unwrap();
    let outer = z.finish().unwrap();
    let mut content = format!(
        "<< /Filter [/FlateDecode /FlateDecode] /Length {} >>\nstream\n",
        outer.len()
    )
    .into_bytes();
    content.extend_from_slice(&outer);
    content.extend_from_slice(b"\nendstream");
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_vec(),
    ];
    objects.push(content);
    pdf_of(&objects)
}

/// Runs `redliner ARGS` under the parent address-space limit; returns the status, the
/// standard error and whether standard output stayed empty.
fn run_bounded(args: &[&str]) -> (Option<i32>, String, bool) {
    let exe = assert_cmd::cargo::cargo_bin("redliner");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {PARENT_LIMIT_KIB} && exec \"$0\" \"$@\""
        ))
        .arg(exe)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.stdout.is_empty(),
    )
}

fn refused(name: &str, bytes: &[u8], expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    let other = dir.path().join("other.txt");
    std::fs::write(&other, "We will act together.\n").unwrap();
    let (code, stderr, quiet) =
        run_bounded(&["diff", file.to_str().unwrap(), other.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{name}: exit status, stderr: {stderr}");
    assert!(quiet, "{name}: nothing on standard output");
    assert!(stderr.contains(name), "{name}: names the file: {stderr}");
    assert!(
        stderr.contains(expect),
        "{name}: says why ({expect}): {stderr}"
    );
    assert_eq!(
        stderr.lines().count(),
        1,
        "{name}: one clear line: {stderr}"
    );
}

#[test]
fn generated_pdfs_are_well_formed() {
    // The generator itself is sound: shallow nesting reads and compares as unchanged.
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.pdf");
    std::fs::write(&a, nested_forms(1, 1)).unwrap();
    let b = dir.path().join("b.txt");
    std::fs::write(&b, "We will act together.\n").unwrap();
    let (code, stderr, _) = run_bounded(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let small = [&[0x78, 0x01][..], &deflate_run(b'x', 1000)].concat();
    let mut d = flate2::read::ZlibDecoder::new(&small[..]);
    let mut back = Vec::new();
    let _ = std::io::Read::read_to_end(&mut d, &mut back); // no checksum
    assert_eq!(back, vec![b'x'; 1000]);
}

#[test]
fn pdf_forms_drawing_each_other_are_bounded_issue_11() {
    // 10 times over 8 levels: 10^8 glyphs, 17 GB in a naive reader.
    refused("nested.pdf", &nested_forms(8, 10), "refused");
}

#[test]
fn pdf_form_drawing_itself_is_an_error_not_an_abort_issue_11() {
    refused("self.pdf", &recursive_form(false), "nests without end");
    refused("mutual.pdf", &recursive_form(true), "nests without end");
}

#[test]
fn pdf_flate_bomb_is_bounded_issue_11() {
    let bomb = flate_bomb(2);
    assert!(bomb.len() < 400_000, "{} bytes", bomb.len());
    refused("bomb.pdf", &bomb, "memory");
}

#[test]
fn config_from_an_endless_device_is_bounded_issue_11() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    std::fs::write(&a, "We will act together.\n").unwrap();
    let a = a.to_str().unwrap();
    let (code, stderr, _) = run_bounded(&["check", a, a, "--config", "/dev/zero"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("/dev/zero"), "{stderr}");
}

#[test]
fn max_size_of_u64_max_does_not_overflow_issue_11() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    std::fs::write(&a, "We will act together.\n").unwrap();
    let a = a.to_str().unwrap();
    // The CLI refuses a size it cannot represent with a message (exit 2), instead of
    // overflowing into "every input is empty".
    let (code, stderr, _) = run_bounded(&["diff", a, a, "--max-size", "18446744073709551615"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("too large"), "{stderr}");
    // The library reads with the largest limit without overflowing.
    let bytes = redliner::input::read_bytes(std::path::Path::new(a), u64::MAX).unwrap();
    assert_eq!(bytes, b"We will act together.\n");
}
