//! The in-memory world typst compiles in: the house template as the only
//! source, the document's data as `doc.json`, the papers of a pack as
//! `paper-N.pdf`, and the one font shipped in `assets/fonts`. Nothing is
//! read from the disk or the network: any other path is "not found".

use std::collections::HashMap;
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// Liberation Sans (SIL OFL 1.1, see `assets/fonts/`): metrically Arial,
/// the face councils set their documents in.
const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../../../../assets/fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../../../../assets/fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../../../../assets/fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../../../../assets/fonts/LiberationSans-BoldItalic.ttf"),
];

/// What every compilation shares, built once: the standard library, the
/// parsed fonts and their book.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = FONT_FILES
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        Shared {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

/// Whether the shipped font can show `c` (PDF/A refuses a character no
/// embedded font has a glyph for). Whitespace is laid out, not drawn.
pub fn displayable(c: char) -> bool {
    c.is_whitespace()
        || shared()
            .fonts
            .first()
            .is_some_and(|f| f.info().coverage.contains(c as u32))
}

/// A file id in the project root. Ids are interned for the life of the
/// process, so callers use a fixed, small set of names.
pub fn file_id(name: &str) -> FileResult<FileId> {
    let vpath = VirtualPath::new(name).map_err(|_| FileError::AccessDenied)?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

pub struct MemoryWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
}

impl MemoryWorld {
    /// `template` is the main source; `files` the data it may read.
    pub fn new(template: &str, files: Vec<(&str, Vec<u8>)>) -> FileResult<MemoryWorld> {
        let main = Source::new(file_id("main.typ")?, template.to_string());
        let mut map = HashMap::new();
        for (name, data) in files {
            map.insert(file_id(name)?, Bytes::new(data));
        }
        Ok(MemoryWorld { main, files: map })
    }
}

impl World for MemoryWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(
                id.get().vpath().get_without_slash().into(),
            ))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    /// Documents carry their own dates; the template never asks for today.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
