"""Real mail servers on loopback for the tests: a private Dovecot (IMAP) and an aiosmtpd SMTP server."""
from __future__ import annotations

import datetime as dt
import imaplib
import os
import pwd
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

DOVECOT = shutil.which("dovecot") or next((p for p in ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot")
                                           if os.path.exists(p)), None)
STARTUP_SECONDS = 15
ACCOUNTS = 500                   # mailboxes office1 … office500, one per test
PASSWORD = "mật-khẩu-thử"        # not ASCII on purpose: IMAP LOGIN cannot carry it, SASL PLAIN can


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen | None, log: Path | None) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    detail = log.read_text(errors="replace") if log and log.exists() else ""
    raise RuntimeError(f"server on port {port} did not start:\n{detail}")


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost (the client checks the IP SAN)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return cert, key


# ---------------------------------------------------------------- Dovecot

@dataclass
class Dovecot:
    root: Path
    cafile: Path
    port_tls: int                 # implicit TLS (imaps)
    port_plain: int               # STARTTLS
    mail_uid: int
    mail_gid: int
    process: subprocess.Popen
    _ids: count = field(default_factory=lambda: count(1))

    def add_account(self) -> "ImapAccount":
        """A fresh, empty mailbox: the next of the accounts written to the passwd-file at start-up.

        Adding lines later is not enough: Dovecot re-reads a passwd-file at most once a second."""
        number = next(self._ids)
        if number > ACCOUNTS:
            raise RuntimeError(f"more than {ACCOUNTS} mailboxes in one test session: raise ACCOUNTS")
        home = self.root / "mail" / f"office{number}"
        home.mkdir()
        os.chown(home, self.mail_uid, self.mail_gid)
        return ImapAccount(self, f"office{number}", PASSWORD)


@dataclass
class ImapAccount:
    server: Dovecot
    user: str
    password: str

    def connect(self) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=str(self.server.cafile))
        conn = imaplib.IMAP4_SSL("127.0.0.1", self.server.port_tls, ssl_context=context, timeout=30)
        conn.authenticate("PLAIN", lambda _: f"\0{self.user}\0{self.password}".encode("utf-8"))
        return conn

    def append(self, raw: bytes, arrived: dt.datetime, folder: str = "INBOX") -> int:
        """Deliver `raw` with INTERNALDATE `arrived`; the new message's UID."""
        from pipeline.mail.names import mailbox_arg
        with self.connect() as conn:
            conn.create(mailbox_arg(folder))
            typ, data = conn.append(mailbox_arg(folder), None, arrived, raw)
            assert typ == "OK", data
            return int(re.search(rb"APPENDUID \d+ (\d+)", data[0]).group(1))

    def uids(self, folder: str = "INBOX") -> list[int]:
        from pipeline.mail.names import mailbox_arg
        with self.connect() as conn:
            typ, _ = conn.select(mailbox_arg(folder), readonly=True)
            if typ != "OK":
                return []
            return [int(x) for x in conn.uid("SEARCH", None, "ALL")[1][0].split()]

    def flags(self, uid: int, folder: str = "INBOX") -> set[str]:
        from pipeline.mail.names import mailbox_arg
        with self.connect() as conn:
            conn.select(mailbox_arg(folder), readonly=True)
            data = conn.uid("FETCH", str(uid), "(FLAGS)")[1][0]
            return set(re.search(rb"FLAGS \(([^)]*)\)", data).group(1).decode().split())

    def uidvalidity(self, folder: str = "INBOX") -> int:
        from pipeline.mail.names import mailbox_arg
        with self.connect() as conn:
            conn.select(mailbox_arg(folder), readonly=True)
            return int(conn.response("UIDVALIDITY")[1][0])

    def folders(self) -> list[str]:
        """Mailbox names as the server lists them (modified UTF-7)."""
        with self.connect() as conn:
            lines = [line.decode("ascii") for line in conn.list()[1]]
        return [re.match(r'\(.*?\) (?:"."|NIL) (.*)$', line).group(1).strip('"') for line in lines]


def dovecot_conf(root: Path, cert: Path, key: Path, port_tls: int, port_plain: int) -> tuple[str, int, int]:
    """A minimal Dovecot 2.3 configuration that touches nothing outside `root`."""
    if os.geteuid() == 0:
        # Dovecot refuses to run login processes as root and mail processes with UID 0
        login_user = "dovenull" if _user_exists("dovenull") else "nobody"
        nobody = pwd.getpwnam("nobody")
        internal_user, mail_uid, mail_gid, chroot = "root", nobody.pw_uid, nobody.pw_gid, ""
    else:
        me = pwd.getpwuid(os.geteuid())
        login_user = internal_user = me.pw_name
        mail_uid, mail_gid, chroot = me.pw_uid, me.pw_gid, "\n  chroot ="
    conf = f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = mtcl-test-{port_tls}
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
default_internal_user = {internal_user}
default_login_user = {login_user}
first_valid_uid = 1
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
auth_mechanisms = plain
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = {root}/passwd
  default_fields = uid={mail_uid} gid={mail_gid}
}}
mail_location = maildir:~/Maildir
service imap-login {{{chroot}
  inet_listener imap {{
    address = 127.0.0.1
    port = {port_plain}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port_tls}
    ssl = yes
  }}
}}
"""
    return conf, mail_uid, mail_gid


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def dovecot_version() -> tuple[int, ...]:
    out = subprocess.run([DOVECOT, "--version"], capture_output=True, text=True).stdout
    return tuple(int(x) for x in re.findall(r"\d+", out.split()[0])[:3]) if out else ()


@pytest.fixture(scope="session")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """One self-signed certificate for both servers, so one `cafile` in [mail] trusts them."""
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="session")
def dovecot(certificate):
    """A private Dovecot on two free loopback ports, with its own config, sockets, logs and mail."""
    if DOVECOT is None:
        pytest.skip("the dovecot binary is not installed (Debian package dovecot-imapd)")
    if dovecot_version() >= (2, 4):
        raise RuntimeError("tests/mailservers.py writes a Dovecot 2.3 configuration; Dovecot "
                           f"{'.'.join(map(str, dovecot_version()))} needs the 2.4 syntax")
    # a short path in /tmp: Dovecot's unix sockets live under base_dir, and socket paths are limited
    # to 108 bytes; /tmp is also traversable by the unprivileged mail user, pytest's tmp dirs are not
    root = Path(tempfile.mkdtemp(prefix="mtcl-dc-"))
    os.chmod(root, 0o755)
    (root / "run").mkdir()
    (root / "state").mkdir()
    (root / "mail").mkdir()
    (root / "passwd").write_text("".join(f"office{n}:{{PLAIN}}{PASSWORD}::::{root}/mail/office{n}::\n"
                                         for n in range(1, ACCOUNTS + 1)), encoding="utf-8")
    os.chmod(root / "passwd", 0o644)
    cert, key = certificate
    port_tls, port_plain = free_port(), free_port()
    conf, mail_uid, mail_gid = dovecot_conf(root, cert, key, port_tls, port_plain)
    os.chown(root / "mail", mail_uid, mail_gid)
    (root / "dovecot.conf").write_text(conf, encoding="utf-8")
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
                               stdout=subprocess.DEVNULL, stderr=open(root / "stderr.txt", "wb"))
    try:
        wait_for_port(port_tls, process, root / "dovecot.log")
        wait_for_port(port_plain, process, root / "dovecot.log")
        yield Dovecot(root=root, cafile=cert, port_tls=port_tls, port_plain=port_plain, mail_uid=mail_uid,
                      mail_gid=mail_gid, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def imap_account(dovecot) -> ImapAccount:
    return dovecot.add_account()


# ---------------------------------------------------------------- SMTP (aiosmtpd)

@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes


@dataclass
class SmtpServer:
    port: int
    security: str                 # tls | starttls
    cafile: Path
    user: str
    password: str
    messages: list[Received]


class _Collector:
    def __init__(self, messages: list[Received]):
        self.messages = messages

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                      envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture(params=["tls", "starttls"])
def smtp_server(request, certificate):
    """aiosmtpd on a free loopback port with implicit TLS or STARTTLS, requiring AUTH; keeps what it gets."""
    cert, key = certificate
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    user, password = "mtcl@sldtbxh.example", "mật-khẩu-gửi"

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login.decode() == user and auth_data.password.decode() == password
        return AuthResult(success=ok)

    messages: list[Received] = []
    port = free_port()
    common = dict(hostname="127.0.0.1", port=port, authenticator=authenticate, auth_required=True)
    if request.param == "tls":
        # aiosmtpd only counts STARTTLS as encryption for AUTH; this connection is TLS from the start
        controller = Controller(_Collector(messages), ssl_context=server_context, auth_require_tls=False, **common)
    else:
        controller = Controller(_Collector(messages), tls_context=server_context, require_starttls=True, **common)
    controller.start()
    try:
        yield SmtpServer(port=port, security=request.param, cafile=cert, user=user, password=password,
                         messages=messages)
    finally:
        controller.stop()
