#!/usr/bin/env python3
"""Builds connectas.msix: the sparse package ("packaging with external location") that gives connectas.dll's
IExplorerCommand a place in the Windows 11 first context menu. No packer exists on Debian; this writes the zip,
AppxManifest.xml, AppxBlockMap.xml and [Content_Types].xml itself, then signs with osslsigncode (2.7 or later:
older ones cannot sign APPX).

usage: msix.py --out connectas.msix --version X.Y.Z (--cert cert.pem --key key.pem [--pass-file f] | --pkcs12 f.pfx
                 [--pass-file f] | --dev-cert DIR | --unsigned --publisher "CN=…") [--osslsigncode PATH]
                 [--timestamp URL]
       Without a certificate option the CONNECTAS_SIGN_* variables of installer/package.cmake are used.
       --dev-cert DIR makes (once) a self-signed development certificate there: connectas-dev.pem (with its
       key, never shipped) and connectas-dev.cer (DER, to import into Trusted People for testing).
       msix.py --check-osslsigncode [PATH]      prints the version; exit 0 when it can sign APPX, 3 when too old/absent
       msix.py --publisher-of cert.pem|f.pfx    prints the manifest publisher a certificate gives

The payload holds only the manifest and its logos; the program files stay in the install folder, which is
given as the external location when the package is registered (cli/cli_package.c). The payload is stored (not
deflated), so the block map needs no compressed sizes. The manifest's Publisher is the signing certificate's
subject, as Windows requires."""
import argparse
import base64
import hashlib
import os
import re
import struct
import subprocess
import sys
import tempfile
import zlib

# The command's class (shellext/xcmd.c shx_xcmd_clsid); never changes.
XCMD_CLSID = "18C89CDB-F1CB-4EF6-A13D-65452CBABD4A"
PACKAGE_NAME = "ConnectAs.ExplorerCommand"
BLOCK = 65536
MIN_OSSLSIGNCODE = (2, 7)
# Files, folders, folder backgrounds and drives (mapped network drives are drives); \\server and share roots in
# the Network folder are not reachable by packaged verbs and keep the classic item (shellext/xcmd.c).
ITEM_TYPES = ["*", "Directory", "Directory\\Background", "Drive"]

NS = {
    "": "http://schemas.microsoft.com/appx/manifest/foundation/windows10",
    "uap": "http://schemas.microsoft.com/appx/manifest/uap/windows10",
    "uap10": "http://schemas.microsoft.com/appx/manifest/uap/windows10/10",
    "rescap": "http://schemas.microsoft.com/appx/manifest/foundation/windows10/restrictedcapabilities",
    "desktop4": "http://schemas.microsoft.com/appx/manifest/desktop/windows10/4",
    "desktop5": "http://schemas.microsoft.com/appx/manifest/desktop/windows10/5",
    "com": "http://schemas.microsoft.com/appx/manifest/com/windows10",
}


class PackError(Exception):
    pass


def xml_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# ---------------------------------------------------------------- osslsigncode


def osslsigncode_version(tool):
    """(major, minor) of tool, or None when it does not run."""
    try:
        out = subprocess.run([tool, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r"osslsigncode\s+(\d+)\.(\d+)", out.stdout + out.stderr)
    return (int(m.group(1)), int(m.group(2))) if m else None


def check_osslsigncode(tool):
    """Raises PackError with a sentence a person can act on when tool cannot sign APPX packages."""
    version = osslsigncode_version(tool)
    if version is None:
        raise PackError(f"osslsigncode ({tool}) is not installed or does not run; MSIX signing needs osslsigncode "
                        "2.7 or later (Debian 12: bookworm-backports has 2.9; bookworm main has 2.5, too old)")
    if version < MIN_OSSLSIGNCODE:
        raise PackError(f"osslsigncode {version[0]}.{version[1]} ({tool}) is too old to sign MSIX/APPX packages: "
                        "2.7 or later is needed (Debian 12 main has 2.5; install 2.9 from bookworm-backports)")
    return version


# ---------------------------------------------------------------- publisher


def publisher_of(cert=None, pkcs12=None, pass_file=None):
    """The certificate subject written as Windows writes a package publisher: "CN=…, O=…, C=…"."""
    if pkcs12:
        args = ["openssl", "pkcs12", "-in", pkcs12, "-nokeys", "-clcerts"]
        args += ["-passin", f"file:{pass_file}"] if pass_file else ["-passin", "pass:"]
        pem = subprocess.run(args, capture_output=True, timeout=60)
        if pem.returncode != 0:
            raise PackError(f"cannot read the certificate in {pkcs12}: {pem.stderr.decode(errors='replace').strip()}")
        out = subprocess.run(["openssl", "x509", "-noout", "-subject", "-nameopt", "RFC2253"], input=pem.stdout,
                             capture_output=True, timeout=60)
    else:
        out = subprocess.run(["openssl", "x509", "-in", cert, "-noout", "-subject", "-nameopt", "RFC2253"],
                             capture_output=True, timeout=60)
    if out.returncode != 0:
        raise PackError(f"cannot read the certificate subject: {out.stderr.decode(errors='replace').strip()}")
    subject = out.stdout.decode().strip()
    subject = subject[len("subject="):] if subject.startswith("subject=") else subject
    subject = subject.strip()
    # RFC 2253 lists the most specific name first, as Windows does; only plain values are accepted, so that
    # both sides quote nothing differently.
    parts = [p for p in subject.split(",") if p]
    for p in parts:
        if "=" not in p or re.search(r'[\\+"<>#;]', p):
            raise PackError(f"the certificate subject '{subject}' has characters a package publisher cannot "
                            "match reliably (\\ + \" < > # ; or a comma in a value); use a certificate with a "
                            "plain subject such as \"CN=Example Ltd, O=Example Ltd, C=NL\"")
    publisher = ", ".join(p.strip() for p in parts)
    if not publisher.startswith("CN=") and ", CN=" not in publisher:
        raise PackError(f"the certificate subject '{subject}' has no CN: a package publisher needs one")
    return publisher


# ---------------------------------------------------------------- contents


def manifest(version, publisher, executable):
    ns = " ".join(f'xmlns{":" + k if k else ""}="{v}"' for k, v in NS.items())
    verbs = "\n".join(
        f'            <desktop5:ItemType Type="{xml_escape(t)}">\n'
        f'              <desktop5:Verb Id="ConnectAs" Clsid="{{{XCMD_CLSID}}}" />\n'
        f"            </desktop5:ItemType>" for t in ITEM_TYPES)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!-- ConnectAs sparse package: identity for connectas.dll's Windows 11 menu command (made by installer/msix.py). -->
<Package {ns}
  IgnorableNamespaces="uap uap10 rescap desktop4 desktop5 com">
  <Identity Name="{PACKAGE_NAME}" Publisher="{xml_escape(publisher)}" Version="{version}.0" ProcessorArchitecture="x64" />
  <Properties>
    <DisplayName>ConnectAs</DisplayName>
    <PublisherDisplayName>ConnectAs</PublisherDisplayName>
    <Logo>Assets\\StoreLogo.png</Logo>
    <uap10:AllowExternalContent>true</uap10:AllowExternalContent>
  </Properties>
  <Resources>
    <Resource Language="en-us" />
  </Resources>
  <Dependencies>
    <TargetDeviceFamily Name="Windows.Desktop" MinVersion="10.0.19041.0" MaxVersionTested="10.0.26100.0" />
  </Dependencies>
  <Capabilities>
    <rescap:Capability Name="runFullTrust" />
    <rescap:Capability Name="unvirtualizedResources" />
  </Capabilities>
  <Applications>
    <Application Id="ConnectAs" Executable="{executable}" uap10:TrustLevel="mediumIL" uap10:RuntimeBehavior="win32App">
      <uap:VisualElements AppListEntry="none" DisplayName="ConnectAs" Description="Connect to network folders as another user"
        BackgroundColor="transparent" Square150x150Logo="Assets\\Square150x150Logo.png" Square44x44Logo="Assets\\Square44x44Logo.png" />
      <Extensions>
        <desktop4:Extension Category="windows.fileExplorerContextMenus">
          <desktop4:FileExplorerContextMenus>
{verbs}
          </desktop4:FileExplorerContextMenus>
        </desktop4:Extension>
        <com:Extension Category="windows.comServer">
          <com:ComServer>
            <com:SurrogateServer DisplayName="ConnectAs Explorer command">
              <com:Class Id="{XCMD_CLSID}" Path="connectas.dll" ThreadingModel="STA" />
            </com:SurrogateServer>
          </com:ComServer>
        </com:Extension>
      </Extensions>
    </Application>
  </Applications>
</Package>
"""


def logos():
    """The package's logos, drawn like the menu icon (shellext/make_xcmd_icon.py)."""
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(here, "..", "shellext"))
    import make_xcmd_icon  # noqa: E402 (the drawing lives with the DLL's icon)
    return {
        "Assets/StoreLogo.png": make_xcmd_icon.png(50),
        "Assets/Square44x44Logo.png": make_xcmd_icon.png(44),
        "Assets/Square150x150Logo.png": make_xcmd_icon.png(150),
    }


def block_map(entries):
    """AppxBlockMap.xml for [(zip name, data, local header size)]: SHA-256 of each 64 KiB block, base64."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<BlockMap xmlns="http://schemas.microsoft.com/appx/2010/blockmap" '
             'HashMethod="http://www.w3.org/2001/04/xmlenc#sha256">']
    for name, data, lfh in entries:
        lines.append(f'  <File Name="{xml_escape(name.replace("/", chr(92)))}" Size="{len(data)}" LfhSize="{lfh}">')
        for off in range(0, len(data), BLOCK):
            digest = base64.b64encode(hashlib.sha256(data[off:off + BLOCK]).digest()).decode()
            lines.append(f'    <Block Hash="{digest}" />')
        lines.append("  </File>")
    lines.append("</BlockMap>")
    return ("\n".join(lines) + "\n").encode()


def content_types(names):
    defaults = sorted({n.rsplit(".", 1)[1].lower() for n in names if "." in n and n != "AppxManifest.xml"})
    types = {"png": "image/png", "xml": "application/xml"}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">']
    for ext in defaults:
        lines.append(f'  <Default Extension="{ext}" ContentType="{types.get(ext, "application/octet-stream")}" />')
    lines.append('  <Override PartName="/AppxManifest.xml" ContentType="application/vnd.ms-appx.manifest+xml" />')
    lines.append('  <Override PartName="/AppxBlockMap.xml" ContentType="application/vnd.ms-appx.blockmap+xml" />')
    lines.append("</Types>")
    return ("\n".join(lines) + "\n").encode()


# ---------------------------------------------------------------- zip


DOS_TIME, DOS_DATE = 0, (2000 - 1980) << 9 | 1 << 5 | 1  # a fixed time: the same input gives the same package


def deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def local_header(name, data, stored=None, method=0):
    """The local file header of an entry; stored is the bytes as written (data itself when method 0)."""
    stored = data if stored is None else stored
    raw = name.encode()
    return struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, DOS_TIME, DOS_DATE, zlib.crc32(data),
                       len(stored), len(data), len(raw), 0) + raw


def write_zip(path, files):
    """Writes files [(name, data, deflated?)] in order, with a plain central directory. The payload is stored
    (its block map then needs no compressed sizes); the block map and content types are deflated, also
    because osslsigncode rewrites [Content_Types].xml deflated and keeps the entry's method."""
    out, central = bytearray(), bytearray()
    for name, data, packed in files:
        method = 8 if packed else 0
        stored = deflate(data) if packed else data
        offset = len(out)
        out += local_header(name, data, stored, method) + stored
        raw = name.encode()
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, method, DOS_TIME, DOS_DATE,
                               zlib.crc32(data), len(stored), len(data), len(raw), 0, 0, 0, 0, 0, offset) + raw
    start = len(out)
    out += central
    out += struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(files), len(files), len(central), start, 0)
    with open(path, "wb") as f:
        f.write(out)


def pack(path, version, publisher, executable):
    payload = {"AppxManifest.xml": manifest(version, publisher, executable).encode()}
    payload.update(logos())
    entries = [(name, data, len(local_header(name, data))) for name, data in payload.items()]
    files = [(name, data, False) for name, data in payload.items()]
    files.append(("AppxBlockMap.xml", block_map(entries), True))
    files.append(("[Content_Types].xml", content_types(list(payload) + ["AppxBlockMap.xml"]), True))
    write_zip(path, files)


def sign(tool, unsigned, out, args):
    cmd = [tool, "sign", "-h", "sha256", "-n", "ConnectAs"]
    if args.pkcs12:
        cmd += ["-pkcs12", args.pkcs12]
    else:
        cmd += ["-certs", args.cert, "-key", args.key]
    if args.pass_file:
        cmd += ["-readpass", args.pass_file]
    if args.timestamp:
        cmd += ["-ts", args.timestamp]
    cmd += ["-in", unsigned, "-out", out]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        raise PackError(f"osslsigncode could not sign the package ({run.returncode}):\n{run.stdout}{run.stderr}")


DEV_SUBJECT = "/O=ConnectAs Development/CN=ConnectAs Development Build"


def dev_cert(folder):
    """(cert, key) of the development certificate in folder, made on first use (code signing, not a CA)."""
    os.makedirs(folder, exist_ok=True)
    cert, key, der = (os.path.join(folder, n) for n in ("connectas-dev.pem", "connectas-dev.key", "connectas-dev.cer"))
    if not (os.path.exists(cert) and os.path.exists(key)):
        run = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-sha256", "-days", "825", "-nodes",
                              "-subj", DEV_SUBJECT, "-addext", "extendedKeyUsage=codeSigning",
                              "-addext", "basicConstraints=critical,CA:FALSE",
                              "-addext", "keyUsage=critical,digitalSignature", "-keyout", key, "-out", cert],
                             capture_output=True, text=True, timeout=120)
        if run.returncode != 0:
            raise PackError(f"cannot make the development certificate: {run.stderr.strip()}")
        os.chmod(key, 0o600)
    if not os.path.exists(der):
        run = subprocess.run(["openssl", "x509", "-in", cert, "-outform", "DER", "-out", der], capture_output=True,
                             text=True, timeout=60)
        if run.returncode != 0:
            raise PackError(f"cannot write {der}: {run.stderr.strip()}")
    return cert, key


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out")
    p.add_argument("--version")
    p.add_argument("--executable", default="connectas.exe")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--pkcs12")
    p.add_argument("--pass-file")
    p.add_argument("--timestamp")
    p.add_argument("--unsigned", action="store_true")
    p.add_argument("--dev-cert", metavar="DIR")
    p.add_argument("--publisher")
    p.add_argument("--osslsigncode", default=os.environ.get("CONNECTAS_OSSLSIGNCODE") or "osslsigncode")
    p.add_argument("--check-osslsigncode", nargs="?", const="", metavar="PATH")
    p.add_argument("--publisher-of", metavar="CERT")
    args = p.parse_args(argv)
    try:
        if args.check_osslsigncode is not None:
            tool = args.check_osslsigncode or args.osslsigncode
            major, minor = check_osslsigncode(tool)
            print(f"osslsigncode {major}.{minor}: can sign MSIX packages")
            return 0
        if args.publisher_of:
            pfx = args.publisher_of.lower().endswith((".pfx", ".p12"))
            print(publisher_of(None if pfx else args.publisher_of, args.publisher_of if pfx else None,
                               args.pass_file))
            return 0
        if not args.out or not args.version or not re.fullmatch(r"\d+\.\d+\.\d+", args.version):
            raise PackError("--out and --version MAJOR.MINOR.PATCH are needed")
        if args.unsigned:
            if not args.publisher:
                raise PackError("--unsigned needs --publisher")
            pack(args.out, args.version, args.publisher, args.executable)
            return 0
        if args.dev_cert:
            args.cert, args.key = dev_cert(args.dev_cert)
        elif not args.pkcs12 and not (args.cert and args.key):
            # the build's signing settings (installer/package.cmake), never passwords on the command line
            env = os.environ
            args.pkcs12 = env.get("CONNECTAS_SIGN_PKCS12") or None
            if not args.pkcs12:
                args.cert, args.key = env.get("CONNECTAS_SIGN_CERT"), env.get("CONNECTAS_SIGN_KEY")
            args.pass_file = args.pass_file or env.get("CONNECTAS_SIGN_PASS_FILE") or None
            args.timestamp = args.timestamp or env.get("CONNECTAS_SIGN_TIMESTAMP_URL") or None
        if not args.pkcs12 and not (args.cert and args.key):
            raise PackError("no certificate: give --pkcs12, --cert and --key, or --dev-cert DIR, or set "
                            "CONNECTAS_SIGN_PKCS12 or CONNECTAS_SIGN_CERT and CONNECTAS_SIGN_KEY (docs/install.md)")
        check_osslsigncode(args.osslsigncode)
        publisher = publisher_of(args.cert, args.pkcs12, args.pass_file)
        if args.publisher and args.publisher != publisher:
            raise PackError(f"--publisher '{args.publisher}' differs from the certificate subject '{publisher}'")
        with tempfile.TemporaryDirectory() as tmp:
            unsigned = os.path.join(tmp, "unsigned.msix")
            pack(unsigned, args.version, publisher, args.executable)
            signing = args.out + ".signing"
            sign(args.osslsigncode, unsigned, signing, args)
            os.replace(signing, args.out)
        return 0
    except PackError as e:
        print(f"msix.py: {e}", file=sys.stderr)
        return 3 if "osslsigncode" in str(e) and ("too old" in str(e) or "not installed" in str(e)) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
