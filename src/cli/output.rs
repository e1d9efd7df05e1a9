//! Where a report goes: standard output, or `-o FILE`.
//!
//! A regular file (or a new one) is replaced atomically: the report goes to a temporary
//! file beside it, which takes the old file's permissions and is renamed over it only once
//! complete; SIGINT and SIGTERM remove the temporary file. A symbolic link is followed, so
//! the file it points to is replaced and the link stays. Anything else that is not a
//! directory (a device such as `/dev/null` or `/dev/stdout`, a FIFO, a socket) is written
//! through in place, as a shell redirection would. A directory is refused. `-o -` means
//! standard output.
//!
//! Writing to standard output treats a closed pipe (`redliner check … | head`) as the end
//! of the report, not as an error: the command still exits with the status its comparison
//! decided.

use std::fs::{self, File, OpenOptions};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use anyhow::{bail, Context, Result};

/// Temporary files to remove if the process is interrupted.
static TEMP_FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();

/// The exit status after SIGINT or SIGTERM (128 + SIGINT, as shells report it).
const INTERRUPTED: i32 = 130;

/// Where the report goes, decided (and, for a file, prepared) before any work is done,
/// so that an unwritable `-o` fails fast.
pub(crate) enum Sink {
    Stdout,
    /// A temporary file to be renamed over `path` once complete.
    Atomic {
        path: PathBuf,
        tmp: TempFile,
        file: File,
    },
    /// A device, FIFO or socket, written in place.
    Through {
        path: PathBuf,
        file: File,
    },
}

/// The format named by an output file's extension: `.html`/`.htm`, `.md`/`.markdown`,
/// `.json`, `.txt`, `.docx`.
pub(crate) fn extension_format(path: Option<&Path>) -> Option<&'static str> {
    let ext = path?.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "html" | "htm" => "html",
        "md" | "markdown" => "markdown",
        "json" => "json",
        "txt" | "text" => "text",
        "docx" => "docx",
        _ => return None,
    })
}

impl Sink {
    /// Prepares the output for `-o` (None or `-` is standard output).
    pub(crate) fn open(output: Option<&Path>) -> Result<Sink> {
        match output {
            None => Ok(Sink::Stdout),
            Some(p) if p.as_os_str() == "-" => Ok(Sink::Stdout),
            Some(p) => open_file(p),
        }
    }

    /// True when the report goes to a terminal.
    pub(crate) fn is_terminal(&self) -> bool {
        matches!(self, Sink::Stdout) && io::stdout().is_terminal()
    }

    /// Writes the report and completes the file. A closed standard output ends the report
    /// quietly; any other error names the file and leaves an earlier report untouched.
    pub(crate) fn write(
        self,
        what: &str,
        render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<()> {
        match self {
            Sink::Stdout => {
                let stdout = io::stdout();
                let mut out = io::BufWriter::new(stdout.lock());
                match render(&mut out).and_then(|()| out.flush()) {
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                    r => r.with_context(|| format!("cannot write the {what}")),
                }
            }
            Sink::Through { path, file } => {
                let mut out = io::BufWriter::new(file);
                render(&mut out)
                    .and_then(|()| out.flush())
                    .with_context(|| format!("{}: cannot write the {what}", path.display()))
            }
            Sink::Atomic { path, tmp, file } => {
                let mut out = io::BufWriter::new(file);
                let result = render(&mut out)
                    .and_then(|()| out.flush())
                    .and_then(|()| out.get_ref().sync_all())
                    .with_context(|| format!("{}: cannot write the {what}", tmp.0.display()))
                    .and_then(|()| {
                        drop(out);
                        fs::rename(&tmp.0, &path).with_context(|| {
                            format!("{}: cannot replace it with the {what}", path.display())
                        })
                    });
                drop(tmp);
                result
            }
        }
    }
}

/// A temporary file, removed when dropped unless it was renamed away.
pub(crate) struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.0.exists() {
            let _ = fs::remove_file(&self.0);
        }
        forget_temp(&self.0);
    }
}

fn open_file(path: &Path) -> Result<Sink> {
    let target = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path).with_context(|| {
            format!(
                "{}: a symbolic link to nothing; not writing through it",
                path.display()
            )
        })?,
        _ => path.to_path_buf(),
    };
    let meta = match fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("{}: cannot write to it", path.display())),
    };
    match &meta {
        Some(m) if m.is_dir() => bail!("{}: is a directory", path.display()),
        Some(m) if !m.is_file() => {
            // A device, FIFO or socket: write through it, as `> FILE` would.
            let file = OpenOptions::new()
                .write(true)
                .open(&target)
                .with_context(|| format!("{}: cannot open it", path.display()))?;
            return Ok(Sink::Through {
                path: path.to_path_buf(),
                file,
            });
        }
        _ => {}
    }
    let (tmp, file) = create_temp_beside(&target)?;
    let tmp = TempFile(tmp);
    if let Some(m) = &meta {
        // Keep the permissions of the file being replaced (a 0600 report stays 0600).
        file.set_permissions(m.permissions())
            .with_context(|| format!("{}: cannot keep its permissions", path.display()))?;
    }
    Ok(Sink::Atomic {
        path: target,
        tmp,
        file,
    })
}

/// Creates `.NAME.PID-N.tmp` next to `path`, registered for removal on SIGINT/SIGTERM.
fn create_temp_beside(path: &Path) -> Result<(PathBuf, File)> {
    let name = path
        .file_name()
        .with_context(|| format!("{}: not a file name", path.display()))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    install_handler();
    for n in 0..100 {
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".{}-{n}.tmp", std::process::id()));
        let tmp = dir.join(tmp_name);
        // Registered before it exists, so that no signal can leave it behind.
        remember_temp(&tmp);
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) => {
                forget_temp(&tmp);
                if e.kind() == io::ErrorKind::AlreadyExists {
                    continue;
                }
                return Err(e).with_context(|| format!("{}: cannot create it", path.display()));
            }
        }
    }
    bail!(
        "{}: cannot create a temporary file beside it",
        path.display()
    )
}

fn remember_temp(tmp: &Path) {
    if let Ok(mut list) = TEMP_FILES.lock() {
        list.push(tmp.to_path_buf());
    }
}

fn forget_temp(tmp: &Path) {
    if let Ok(mut list) = TEMP_FILES.lock() {
        list.retain(|p| p != tmp);
    }
}

/// On SIGINT or SIGTERM: remove the temporary files, then exit with status 130.
fn install_handler() {
    HANDLER.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if let Ok(list) = TEMP_FILES.lock() {
                for p in list.iter() {
                    let _ = fs::remove_file(p);
                }
            }
            std::process::exit(INTERRUPTED);
        });
    });
}
