"""The installation's Ed25519 key that signs exported event logs, and trusted public keys.

The private key lives in `settings.KEY_DIR` (env OVERSTEP_KEY_DIR, default var/keys) as
PKCS#8 PEM, mode 0600. It is made on first use: written to a private temporary file and
hard-linked into place, so when two processes race, one link wins and both use its key.
A key is named by its id, a fingerprint of the public key. docs/logs.md tells the story.
"""

import base64
import binascii
import hashlib
import os
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from .format.files import FileRefused, read_text, regular_file_size

KEY_FILE = "log-signing-key.pem"
MAX_KEY_BYTES = 16_384
RAW_KEY_BYTES = 32


class KeyFileError(OSError):
    """A key file that cannot be used; the message names the file and why. An OSError, so
    a command that reports failed writes (run_scenario --export-log) reports this too."""


def key_path() -> Path:
    return Path(settings.KEY_DIR) / KEY_FILE


def installation_key() -> Ed25519PrivateKey:
    """This installation's signing key, made the first time it is needed."""
    path = key_path()
    if not path.exists():
        _create(path)
    return _load_private(path)


def installation_public_key() -> Ed25519PublicKey | None:
    """The public half of this installation's key, or None when none was ever made."""
    path = key_path()
    return _load_private(path).public_key() if path.exists() else None


def _create(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".new-key-")  # mode 0600
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(pem)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)   # atomic, and never replaces a key another process made
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)


def _load_private(path: Path) -> Ed25519PrivateKey:
    try:
        text = read_text(path, limit=MAX_KEY_BYTES, what="log-signing key")
        key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
    except FileRefused as error:
        raise KeyFileError(str(error)) from None
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise KeyFileError(f"{path} is not a PEM private key; move it away and a new key "
                           "will be made (logs signed with the old one will need it)") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path} holds a key that is not Ed25519")
    return key


def key_id(public: Ed25519PublicKey) -> str:
    """`ed25519:` and the first 128 bits of the SHA-256 of the raw public key, in hex."""
    return "ed25519:" + hashlib.sha256(raw_public(public)).hexdigest()[:32]


def raw_public(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_pem(public: Ed25519PublicKey) -> str:
    return public.public_bytes(serialization.Encoding.PEM,
                               serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return base64.b64encode(key.sign(message)).decode("ascii")


def verifies(public: Ed25519PublicKey, signature: str, message: bytes) -> bool:
    try:
        public.verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def read_public_key(path) -> Ed25519PublicKey:
    """A trusted public key from a file: PEM, OpenSSH (`ssh-ed25519 ...`), or raw (32 bytes,
    or those bytes in hex or base64)."""
    try:
        if regular_file_size(path, what="public key") > MAX_KEY_BYTES:
            raise KeyFileError(f"{path} is larger than {MAX_KEY_BYTES:,} bytes; not a key")
        data = Path(path).read_bytes()
    except (FileRefused, OSError) as error:
        raise KeyFileError(f"{path}: {error}") from None
    public = _raw_key(data) or _encoded_key(data)
    if public is None:
        raise KeyFileError(f"{path} is not an Ed25519 public key (expected PEM, OpenSSH, or "
                           "32 raw bytes in binary, hex or base64)")
    return public


def _raw_key(data: bytes) -> Ed25519PublicKey | None:
    """32 raw bytes as they are, or written out in hex or base64."""
    for raw in (data, *_decoded(data.strip())):
        if len(raw) == RAW_KEY_BYTES:
            return Ed25519PublicKey.from_public_bytes(raw)
    return None


def _decoded(text: bytes) -> list[bytes]:
    found = []
    for decode in (lambda t: bytes.fromhex(t.decode("ascii")),
                   lambda t: base64.b64decode(t, validate=True)):
        try:
            found.append(decode(text))
        except (ValueError, binascii.Error):
            continue
    return found


def _encoded_key(data: bytes) -> Ed25519PublicKey | None:
    for load in (serialization.load_pem_public_key, serialization.load_ssh_public_key):
        try:
            key = load(data.strip())
        except (ValueError, TypeError, UnsupportedAlgorithm):
            continue
        return key if isinstance(key, Ed25519PublicKey) else None
    return None
