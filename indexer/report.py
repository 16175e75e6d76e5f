"""What a build did: the files added, updated, removed, and each failure with its code and detail."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from indexer.errors import ErrorCode
from indexer.loaders import SUPPORTED_EXTENSIONS

SIDECAR_SUFFIX = ".meta.json"  # metadata beside a report: read with it, never indexed on its own


@dataclass(frozen=True)
class Failure:
    """A file that was not indexed: ``code`` says why in a word a program can act on, ``detail`` in full."""

    source: str
    code: ErrorCode
    detail: str


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (source, message), e.g. low OCR confidence
    n_documents: int = 0
    n_chunks: int = 0
    n_embedded_chunks: int = 0  # passages of the files (re)indexed in this build
    n_encoded: int = 0  # vectors the model computed (the rest were duplicates or checkpointed)
    seconds: float = 0.0
    index_dir: str = ""

    def summary(self) -> str:
        lines = [
            f"index: {self.index_dir}",
            f"documents: {len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
            f"{len(self.unchanged)} unchanged, {len(self.failed)} failed",
            f"total: {self.n_documents} documents, {self.n_chunks} passages "
            f"({self.n_embedded_chunks} embedded in this build, {self.n_encoded} encoded by the model) "
            f"in {self.seconds:.1f}s",
        ]
        lines += [f"failed: {f.source} ({f.code}): {f.detail}" for f in self.failed]
        lines += [f"warning: {source}: {message}" for source, message in self.warnings]
        return "\n".join(lines)

    def as_json(self) -> dict:
        return asdict(self)


def discover(paths: Iterable[str]) -> tuple[list[tuple[str, Path]], list[Failure]]:
    """Expand folders into files: ([(source as given, absolute path)], failures).

    A file in a folder whose type no loader reads is a failure (unsupported_type), not silently skipped;
    hidden files and ``.meta.json`` sidecars are not documents and are passed over.
    """
    found: list[tuple[str, Path]] = []
    failed: list[Failure] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file() or child.name.startswith(".") or child.name.endswith(SIDECAR_SUFFIX):
                    continue
                source = str(Path(given) / child.relative_to(path))
                if child.suffix.lower() in SUPPORTED_EXTENSIONS:
                    found.append((source, child.resolve()))
                else:
                    failed.append(Failure(source, ErrorCode.UNSUPPORTED_TYPE, unsupported_detail(child)))
        elif path.is_file():
            found.append((given, path.resolve()))
        else:
            failed.append(Failure(given, ErrorCode.NOT_FOUND, "no such file or folder"))
    return found, failed


def unsupported_detail(path: Path) -> str:
    extension = path.suffix.lower() or "(no extension)"
    return f"{path.name}: unsupported file type {extension!r}; supported: {', '.join(SUPPORTED_EXTENSIONS)}"
