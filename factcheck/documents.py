"""Load documents from files, folders and standard input, with their metadata.

A document's metadata comes from YAML front matter at the top of the file or, for raw files that must
stay byte-identical, from a `corpus.yaml` manifest in their folder. Offsets into `Document.text` are
offsets into the file's decoded text exactly as an editor shows it: line breaks are kept as they are
(CR LF stays CR LF) and front matter stays in the text, with `Document.body_start` after it.
Bad input never raises out of `load_documents`: it becomes an `InputError` in `LoadResult.errors`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from factcheck.errors import InputError, InputWarning
from factcheck.hygiene import text_warnings
from factcheck.records import Document, PartialDate
from factcheck.textpos import LineIndex
from factcheck.yamlio import LineMap, load_yaml

__all__ = ["DOCUMENT_SUFFIXES", "MANIFEST_NAME", "MAX_DOCUMENT_BYTES", "MAX_FRONT_MATTER_CHARS", "MAX_MANIFEST_BYTES",
           "METADATA_KEYS", "STDIN_PATH", "LoadResult",
           "list_documents", "load_documents", "read_document"]

DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown")
MANIFEST_NAME = "corpus.yaml"
METADATA_KEYS = ("id", "title", "source", "author", "published", "url", "republishes")
STDIN_PATH = "<stdin>"

MAX_DOCUMENT_BYTES = 16 * 2**20
"""The largest document read (16 MiB, some 2.5 million words): extraction holds about 90 bytes per character of
news and up to 350 for text that is all punctuation, so one file stays within 6 GB (docs/security.md)."""
MAX_MANIFEST_BYTES = 4 * 2**20
"""The largest `corpus.yaml` read (4 MiB, some 40,000 entries)."""
MAX_FRONT_MATTER_CHARS = 64 * 2**10
"""The longest front matter read (64 KiB): metadata is a few lines."""

_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.3
_TEXT_CONTROLS = frozenset(range(9, 14))  # \t \n \v \f \r
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")
_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n|\Z)")
_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|\Z)")
_DATE_HINT = "write the date as YYYY, YYYY-MM or YYYY-MM-DD"
_MANIFEST_HINT = ("write 'documents:' and under it one '- file: NAME.txt' entry per document, with any of "
                  + ", ".join(METADATA_KEYS))

Metadata = dict[str, Any]


@dataclass(frozen=True)
class LoadResult:
    """The documents that loaded, in a stable order, one error per input that did not, and warnings about
    text that loaded but is suspect (mojibake, control characters: `hygiene.text_warnings`)."""

    documents: list[Document] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[InputWarning] = field(default_factory=list)  # loaded, but look at it: hygiene.text_warnings
    files: list[tuple[Path, Metadata | None]] = field(default_factory=list)  # list_documents only


def read_document(path: Path, *, metadata: Mapping[str, Any] | None = None,
                  encoding: str | None = None) -> Document:
    """Read one text or Markdown file into a Document; raises InputError when it cannot.

    `metadata` (usually a manifest entry) fills the fields the front matter does not give; when both
    give a field, the front matter wins, since it travels with the text. The id defaults to the file's
    stem. The file is decoded as strict UTF-8 (a BOM is dropped) unless `encoding` names a codec.
    """
    where = str(path)
    try:
        data = _read_limited(path, where, MAX_DOCUMENT_BYTES)
    except FileNotFoundError:
        raise InputError(where, "no such file", hint="check the path") from None
    except IsADirectoryError:
        raise InputError(where, "is a folder, not a file", hint="pass it to load_documents") from None
    except OSError as e:
        raise InputError(where, f"cannot read it: {e.strerror}", hint="check its permissions") from None
    return _document(_decode(data, where, encoding), where, path.stem, metadata)


def load_documents(paths: Sequence[str], *, stdin_text: str | None = None, stdin_id: str | None = None,
                   stdin_published: str | None = None, encoding: str | None = None,
                   stdin_filename: str | None = None) -> LoadResult:
    """Load files, folders (recursively, with their `corpus.yaml`) and `-` (standard input).

    Folders yield their non-hidden `*.txt`, `*.md` and `*.markdown` files sorted by path, plus any file
    their manifests list. A file named directly takes its metadata from a `corpus.yaml` beside it. A file
    reached twice is loaded once. `encoding` applies to every file read, manifests included. For `-`,
    `stdin_text` is used, or standard input's bytes are read and decoded like a file; `stdin_filename`
    (an editor's unsaved buffer) names it in messages and diagnostics, gives its default id (the stem)
    and its metadata from a `corpus.yaml` beside it. Every problem becomes an error in the result; the
    other documents still load.
    """
    try:
        _codec(encoding, "--encoding")
    except InputError as e:
        return LoadResult(errors=[e])
    loader = _Loader(encoding)
    loader.load(paths, stdin_text, stdin_id, stdin_published, stdin_filename)
    return LoadResult(documents=loader.documents, errors=loader.errors, warnings=loader.warnings)


def list_documents(paths: Sequence[str], *, encoding: str | None = None) -> LoadResult:
    """The files `load_documents(paths)` would read, each once and in its order, with the metadata their
    manifests give, without reading them: `LoadResult.files` holds (path, metadata) pairs for
    `read_document` (ids are checked when read). For corpora too large to hold (`factcheck index`)."""
    try:
        _codec(encoding, "--encoding")
    except InputError as e:
        return LoadResult(errors=[e])
    lister = _Lister(encoding)
    lister.load(paths, None, None, None, None)
    return LoadResult(errors=lister.errors, files=lister.files)


class _Loader:
    """The state of one `load_documents` call: manifests read, files and ids already seen."""

    def __init__(self, encoding: str | None):
        self.encoding = encoding
        self.documents: list[Document] = []
        self.errors: list[InputError] = []
        self.warnings: list[InputWarning] = []
        self._manifests: dict[Path, dict[Path, Metadata]] = {}
        self._described: dict[Path, Path] = {}  # file -> manifest that describes it
        self._files: set[Path] = set()
        self._ids: dict[str, str] = {}

    def load(self, paths: Sequence[str], stdin_text: str | None, stdin_id: str | None, stdin_published: str | None,
             stdin_filename: str | None) -> None:
        for given in paths:
            try:
                if given == "-":
                    self.stdin(stdin_text, stdin_id, stdin_published, stdin_filename)
                elif Path(given).is_dir():
                    self.folder(Path(given))
                elif Path(given).exists():
                    self.file(Path(given), self.manifest(Path(given).parent))
                else:
                    self.errors.append(InputError(given, "no such file or folder",
                                                  hint="check the path; use '-' to read standard input"))
            except (OSError, ValueError) as e:  # a name too long for the system, a NUL in it
                self.errors.append(InputError(given, f"cannot read it: {getattr(e, 'strerror', None) or e}",
                                              hint="check the path"))

    def stdin(self, text: str | None, doc_id: str | None, published: str | None, filename: str | None) -> None:
        where = filename or STDIN_PATH
        meta: dict[str, Any] = {}
        default_id = doc_id or (Path(filename).stem if filename else "stdin")
        try:
            if filename and Path(filename).parent.is_dir():
                meta |= self.manifest(Path(filename).parent).get(_resolved(Path(filename), where), {})
            if published is not None:
                meta["published"] = published
            if text is None:
                text = _decode(_limited(sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1), where, MAX_DOCUMENT_BYTES),
                               where, self.encoding)
            elif len(text) > MAX_DOCUMENT_BYTES:
                raise InputError(where, f"larger than {MAX_DOCUMENT_BYTES:,} characters",
                                 hint="split the text into several documents")
            elif _looks_binary(text[:_SNIFF_BYTES]):  # an editor's buffer holding a binary file
                raise InputError(where, "binary file, not text", hint="pass only .txt or .md text files")
            self._add(_document(text, where, default_id, meta or None))
        except InputError as e:
            self.errors.append(e)
        except Exception as e:  # a bug: named with the buffer, and the other documents still load
            self.errors.append(InputError.internal(where, e))

    def folder(self, root: Path) -> None:
        found: dict[Path, Path] = {}  # resolved -> as given
        metadata: dict[Path, Metadata] = {}
        real_root = root.resolve()
        for folder, names in _walk(root):
            for listed, meta in self.manifest(folder).items():
                metadata[listed] = meta
                found.setdefault(listed, root / listed.relative_to(real_root))
            for name in names:
                if name.lower().endswith(DOCUMENT_SUFFIXES):
                    path = folder / name
                    try:
                        resolved = _resolved(path, str(path))
                    except InputError as e:
                        self.errors.append(e)
                        continue
                    if not resolved.is_relative_to(real_root):
                        self.errors.append(InputError(str(path), f"is a link to {resolved}, outside the folder {root}",
                                                      hint="pass the file itself if you mean to read it"))
                        continue
                    found.setdefault(resolved, path)
        if not found:
            self.errors.append(InputError(str(root), "no documents in this folder",
                                          hint="add .txt, .md or .markdown files, or pass another path"))
        for resolved in sorted(found, key=lambda p: found[p].parts):
            self.file(found[resolved], metadata)

    def file(self, path: Path, metadata: Mapping[Path, Metadata]) -> None:
        try:
            resolved = _resolved(path, str(path))
            if resolved in self._files:
                return
            self._files.add(resolved)
            self.found(path, metadata.get(resolved))
        except InputError as e:
            self.errors.append(e)
        except Exception as e:  # a bug: named with the file, and the other files still load
            self.errors.append(InputError.internal(str(path), e))

    def found(self, path: Path, metadata: Metadata | None) -> None:
        """A file to load, reached for the first time."""
        self._add(read_document(path, metadata=metadata, encoding=self.encoding))

    def manifest(self, folder: Path) -> dict[Path, Metadata]:
        """The metadata `folder/corpus.yaml` gives, by resolved file path; read once per load."""
        key = folder.resolve()
        if key not in self._manifests:
            self._manifests[key] = {}
            path = folder / MANIFEST_NAME
            if path.is_file():
                self._manifests[key] = self._read_manifest(path, key)
        return self._manifests[key]

    def _read_manifest(self, path: Path, folder: Path) -> dict[Path, Metadata]:
        where = str(path)
        try:
            data, lines = load_yaml(_decode(_read_limited(path, where, MAX_MANIFEST_BYTES), where, self.encoding),
                                    where)
        except InputError as e:
            self.errors.append(e)
            return {}
        except OSError as e:
            self.errors.append(InputError(where, f"cannot read it: {e.strerror}",
                                          hint="check its permissions"))
            return {}
        entries = data.get("documents") if isinstance(data, dict) else None
        extra = sorted(str(k) for k in data if k != "documents") if isinstance(data, dict) else []
        if not isinstance(entries, list) or extra:
            line = lines.line(extra[0]) if extra else lines.line("documents")
            self.errors.append(InputError(where, "a manifest must be a mapping with only a 'documents' list",
                                          line=line, hint=_MANIFEST_HINT))
            return {}
        result: dict[Path, Metadata] = {}
        for i, entry in enumerate(entries):
            try:
                file, meta = _manifest_entry(entry, where, folder, lines, i)
                if file in self._described:
                    raise InputError(where, f"{file.name} is already described by {self._described[file]}",
                                     line=lines.line("documents", i), hint="keep one entry per file")
            except InputError as e:
                self.errors.append(e)
                continue
            self._described[file] = path
            result[file] = meta
        return result

    def _add(self, doc: Document) -> None:
        where = doc.path or STDIN_PATH
        if doc.id in self._ids:
            raise InputError(where, f"document id {doc.id!r} is already used by {self._ids[doc.id]}",
                             hint="give one of them another id (front matter or corpus.yaml 'id:')")
        self._ids[doc.id] = where
        self.documents.append(doc)
        self.warnings += text_warnings(doc.text, where)


class _Lister(_Loader):
    """A loader that lists the files it reaches instead of reading them (`list_documents`)."""

    def __init__(self, encoding: str | None):
        super().__init__(encoding)
        self.files: list[tuple[Path, Metadata | None]] = []

    def stdin(self, text: str | None, doc_id: str | None, published: str | None, filename: str | None) -> None:
        self.errors.append(InputError("-", "standard input cannot be listed", hint="pass files or folders"))

    def found(self, path: Path, metadata: Metadata | None) -> None:
        self.files.append((path, metadata))


def _walk(root: Path) -> Iterator[tuple[Path, list[str]]]:
    """Each non-hidden folder under `root` (top-down, sorted) with its non-hidden file names."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield Path(folder), sorted(f for f in files if not f.startswith("."))


def _manifest_entry(entry: Any, where: str, folder: Path, lines: LineMap, i: int) -> tuple[Path, Metadata]:
    """Validate one manifest entry: its file must exist inside the manifest's folder."""
    if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
        raise InputError(where, f"entry {i + 1} needs a 'file:' naming a document",
                         line=lines.line("documents", i), hint=_MANIFEST_HINT)
    name = entry["file"]
    file_line = lines.line("documents", i, "file")
    if Path(name).is_absolute():
        raise InputError(where, f"file {name!r} is an absolute path", line=file_line,
                         hint="name the file relative to the manifest's folder")
    file = _resolved(folder / name, where, file_line)
    if not file.is_relative_to(folder):
        raise InputError(where, f"file {name!r} is outside the manifest's folder", line=file_line,
                         hint=f"move the document under {folder} and name it relative to it")
    try:
        missing = not file.is_file()
    except OSError as e:  # a name too long for the system
        raise InputError(where, f"file {name!r} cannot be read: {e.strerror}", line=file_line,
                         hint="fix the name or remove the entry") from None
    if missing:
        raise InputError(where, f"file {name!r} does not exist", line=file_line,
                         hint="fix the name or remove the entry")
    fields = {k: v for k, v in entry.items() if k != "file"}
    return file, _metadata(fields, where, lambda key: lines.line("documents", i, key), "corpus.yaml entry")


def _read_limited(path: Path, where: str, limit: int) -> bytes:
    """A regular file's bytes, reading no more than `limit` + 1 of them (a huge file never fills memory);
    opened without blocking, so a named pipe or a device is refused rather than waited on."""
    with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as f:
        mode = os.fstat(f.fileno()).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError
        if not stat.S_ISREG(mode):
            raise InputError(where, "not a regular file (a named pipe, socket or device)",
                             hint="save the text to a file, or pipe it to '-'")
        return _limited(f.read(limit + 1), where, limit)


def _limited(data: bytes, where: str, limit: int) -> bytes:
    if len(data) > limit:
        raise InputError(where, f"larger than {limit:,} bytes", hint="split it into several files")
    return data


def _resolved(path: Path, where: str, line: int | None = None) -> Path:
    """`path` with every symbolic link followed; a link loop or an impossible name is an InputError."""
    try:
        return path.resolve()
    except RuntimeError:  # Python 3.11 reports a symlink loop so; later versions raise OSError
        reason = "it is a symbolic link that loops"
    except ValueError:
        reason = "its name contains a NUL character"
    except OSError as e:
        reason = e.strerror or str(e)
    raise InputError(where, f"cannot follow {str(path)!r}: {reason}", line=line,
                     hint="fix or remove the link, or name another file")


def _codec(encoding: str | None, where: str) -> tuple[str, bool]:
    """The normalised codec name and whether it writes ASCII as single bytes (so NUL means binary)."""
    try:
        name = codecs.lookup(encoding or "utf-8").name
        return name, b"\0" not in "a".encode(name)
    except LookupError:
        raise InputError(where, f"unknown text encoding {encoding!r}",
                         hint="pass a Python codec name such as utf-8, cp1252 or latin-1") from None


def _decode(data: bytes, where: str, encoding: str | None) -> str:
    """Decode a file's bytes without touching line breaks; refuse binary and undecodable data."""
    codec, single_byte_ascii = _codec(encoding, where)
    if codec.startswith("utf-8"):
        data, codec = data.removeprefix(codecs.BOM_UTF8), "utf-8"
    if single_byte_ascii and _looks_binary(data[:_SNIFF_BYTES]):
        raise InputError(where, "binary file, not text", hint="pass only .txt or .md text files")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as e:
        before = data[: e.start].decode(codec)
        line, column = LineIndex(before).position(len(before))
        raise InputError(where, f"byte 0x{data[e.start]:02x} at column {column} is not valid {codec}",
                         line=line, hint="re-save it as UTF-8 or pass --encoding, e.g. --encoding cp1252",
                         ) from None
    if not single_byte_ascii and _looks_binary(text[:_SNIFF_BYTES]):
        raise InputError(where, "binary file, not text", hint="pass only .txt or .md text files")
    return text


def _looks_binary(sample: bytes | str) -> bool:
    """A NUL, or mostly control characters other than tabs and line breaks."""
    codes = sample if isinstance(sample, bytes) else [ord(c) for c in sample]
    controls = sum(1 for c in codes if (c < 32 and c not in _TEXT_CONTROLS) or c == 127)
    return 0 in codes or controls > _MAX_CONTROL_SHARE * len(codes)


def _document(text: str, where: str, default_id: str, metadata: Mapping[str, Any] | None) -> Document:
    """Build a Document from decoded text: split off front matter and merge the metadata."""
    if not text.strip():
        raise InputError(where, "empty file", hint="add text to it or leave it out")
    fields = _metadata(metadata or {}, where, lambda key: None, "metadata")
    body_start = 0
    opening = _OPEN.match(text)
    if opening:
        front, body_start = _front_matter(text, opening.end(), where)
        fields |= front
        if not text[body_start:].strip():
            line = LineIndex(text).position(body_start)[0]
            raise InputError(where, "empty file: only front matter, no text", line=line,
                             hint="add the text after the front matter")
    fields.setdefault("id", default_id)
    path = None if where == STDIN_PATH else where
    return Document(text=text, path=path, body_start=body_start, **fields)


def _front_matter(text: str, start: int, where: str) -> tuple[Metadata, int]:
    """Parse the front matter that starts at `start` (after the opening `---` line)."""
    for line in _LINE.finditer(text, start):
        if _CLOSE.fullmatch(line.group()):
            data, lines = load_yaml(text[start : line.start()], where, first_line=2)
            if data is None:
                return {}, line.end()
            if not isinstance(data, dict):
                raise InputError(where, "front matter must be 'key: value' lines", line=2,
                                 hint=f"use the keys {', '.join(METADATA_KEYS)}")
            return _metadata(data, where, lines.line, "front matter"), line.end()
        if line.end() == len(text):
            break
        if line.end() - start > MAX_FRONT_MATTER_CHARS:
            raise InputError(where, f"front matter longer than {MAX_FRONT_MATTER_CHARS:,} characters, or never "
                             "closed", line=1, hint="close it with a line '---' after a few lines of metadata")
    raise InputError(where, "front matter opened by '---' is never closed", line=1,
                     hint="add a line '---' after the metadata, or remove the first line")


def _metadata(raw: Mapping[str, Any], where: str, line_of: Callable[[str], int | None],
              what: str) -> Metadata:
    """Check metadata keys and values; `published` becomes a PartialDate with its precision."""
    fields: Metadata = {}
    for key, value in raw.items():
        line = line_of(str(key))
        if key not in METADATA_KEYS:
            raise InputError(where, f"unknown {what} key {key!r}", line=line,
                             hint=f"use only {', '.join(METADATA_KEYS)}")
        if value is None:
            continue
        if key == "published":
            fields[key] = _published(value, where, line)
        elif isinstance(value, str) or _is_int(value):
            fields[key] = str(value)
        else:
            raise InputError(where, f"{key} must be text, not {type(value).__name__}", line=line,
                             hint=f'put the value in quotes: {key}: "..."')
    if "id" in fields and not fields["id"].strip():
        raise InputError(where, "id is empty", line=line_of("id"),
                         hint="give the document an id or drop the key")
    return fields


def _published(value: Any, where: str, line: int | None) -> PartialDate:
    """A YAML int, string or date (or a PartialDate) as a PartialDate; InputError otherwise."""
    if isinstance(value, PartialDate | dt.date | str) or _is_int(value):
        try:
            return PartialDate.model_validate(value)
        except ValidationError as e:
            reason = str(e.errors()[0]["msg"]).removeprefix("Value error, ")
            hint = None if "YYYY" in reason else _DATE_HINT  # the reason may already say what to write
            raise InputError(where, f"published: {reason}", line=line, hint=hint) from None
    raise InputError(where, f"published must be a date, not {type(value).__name__}", line=line,
                     hint=_DATE_HINT)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
