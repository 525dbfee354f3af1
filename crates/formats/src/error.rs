use std::fmt;
use std::io::Write;
use std::path::Path;

/// A problem with an input file: where it is and what is wrong, printed on one line as
/// `FILE:LINE:COL: problem` (line and column when known).
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl InputError {
    /// An error about the file as a whole.
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// An error at a 1-based line.
    pub fn at(file: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        InputError {
            file: file.into(),
            line: Some(line),
            column: None,
            message: message.into(),
        }
    }

    /// An error at a 1-based line and column.
    pub fn at_col(
        file: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        InputError {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        // Keep the message on one line whatever the source said.
        let msg = self.message.replace(['\n', '\r'], " ");
        write!(f, ": {msg}")
    }
}

impl std::error::Error for InputError {}

/// Write `bytes` to `path` through a temporary file in the same folder and a rename, so that a
/// reader never sees a half-written file and an existing file is replaced only by a complete one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
