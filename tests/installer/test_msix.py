#!/usr/bin/env python3
"""Reads connectas.msix back as Windows would check it, written apart from installer/msix.py (no code shared):
the zip's own structures, every block hash of AppxBlockMap.xml, [Content_Types].xml, the manifest's declarations,
the signature (osslsigncode verify, signer = manifest publisher), and that the MSIs and the portable zip carry the
same package. A tampered copy must fail both the hash check and the signature check.

usage: test_msix.py MSIX CERT.pem DLL USER.msi MACHINE.msi PORTABLE.zip
exit: number of failures; 77 (skip) when osslsigncode is missing or older than 2.7 (it cannot verify APPX)."""
import base64
import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import uuid
import xml.etree.ElementTree as ET
import zlib

FAILS = 0
XCMD_CLSID = "18C89CDB-F1CB-4EF6-A13D-65452CBABD4A"  # shellext/xcmd.c; tests/shellext/test_xcmd.c
F = "{http://schemas.microsoft.com/appx/manifest/foundation/windows10}"
UAP = "{http://schemas.microsoft.com/appx/manifest/uap/windows10}"
UAP10 = "{http://schemas.microsoft.com/appx/manifest/uap/windows10/10}"
RESCAP = "{http://schemas.microsoft.com/appx/manifest/foundation/windows10/restrictedcapabilities}"
D4 = "{http://schemas.microsoft.com/appx/manifest/desktop/windows10/4}"
D5 = "{http://schemas.microsoft.com/appx/manifest/desktop/windows10/5}"
COM = "{http://schemas.microsoft.com/appx/manifest/com/windows10}"
BM = "{http://schemas.microsoft.com/appx/2010/blockmap}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def check(what, cond, detail=""):
    global FAILS
    if cond:
        print(f"ok: {what}")
    else:
        FAILS += 1
        print(f"FAILED: {what}{': ' + detail if detail else ''}")
    return cond


# ---------------------------------------------------------------- zip, read by hand


def read_zip(data):
    """{name: (method, local header size, stored bytes, crc, size, local offset, central offset)} from the
    central directory, each entry
    checked against its local header. Raises ValueError on any inconsistency."""
    end = data.rfind(b"PK\x05\x06")
    if end < 0:
        raise ValueError("no end-of-central-directory record")
    _, disk, cd_disk, n_here, n_all, cd_size, cd_start, comment = struct.unpack("<4sHHHHIIH", data[end:end + 22])
    if n_here != n_all or disk or cd_disk:
        raise ValueError("multi-disk zip")
    entries, pos = {}, cd_start
    for _ in range(n_all):
        here = pos
        (sig, _vm, _vn, flags, method, _t, _d, crc, csize, usize, nlen, xlen, clen, _dn, _ia, _ea,
         off) = struct.unpack("<4sHHHHHHIIIHHHHHII", data[pos:pos + 46])
        if sig != b"PK\x01\x02":
            raise ValueError(f"bad central directory entry at {pos}")
        name = data[pos + 46:pos + 46 + nlen].decode()
        pos += 46 + nlen + xlen + clen
        lsig, _v, lflags, lmethod, _lt, _ld, lcrc, lcsize, lusize, lnlen, lxlen = struct.unpack(
            "<4sHHHHHIIIHH", data[off:off + 30])
        if lsig != b"PK\x03\x04" or data[off + 30:off + 30 + lnlen].decode() != name or lmethod != method:
            raise ValueError(f"local header of {name} does not match the central directory")
        if not (lflags & 8) and (lcrc, lcsize, lusize) != (crc, csize, usize):
            raise ValueError(f"local header sizes of {name} differ from the central directory")
        lfh = 30 + lnlen + lxlen
        stored = data[off + lfh:off + lfh + csize]
        entries[name] = (method, lfh, stored, crc, usize, off, here)
    if pos != cd_start + cd_size:
        raise ValueError("central directory size does not add up")
    return entries


def content(entry):
    method, _, stored, crc, size = entry[:5]
    if method == 0:
        raw = stored
    elif method == 8:
        raw = zlib.decompress(stored, -15)
    else:
        raise ValueError(f"compression method {method}")
    if len(raw) != size or zlib.crc32(raw) != crc:
        raise ValueError("size or CRC-32 mismatch")
    return raw


def check_block_map(entries, label, report=True):
    """Every payload file listed with its size, local header size and the SHA-256 of each 64 KiB block.
    report False: only the verdict (for a package expected to fail)."""
    check = globals()["check"] if report else (lambda what, cond, detail="": cond)
    bm = ET.fromstring(content(entries["AppxBlockMap.xml"]))
    ok_all, listed = True, set()
    check(f"{label}: block map hash method is SHA-256", bm.get("HashMethod") == "http://www.w3.org/2001/04/xmlenc#sha256")
    for f in bm.findall(BM + "File"):
        name = f.get("Name").replace("\\", "/")
        listed.add(name)
        if name not in entries:
            ok_all = check(f"{label}: block map file {name} is in the zip", False)
            continue
        method, lfh, stored, _, size = entries[name][:5]
        raw = content(entries[name])
        ok_all &= check(f"{label}: {name} size {size} and local header {lfh} as listed",
                        int(f.get("Size")) == size and int(f.get("LfhSize")) == lfh,
                        f"listed {f.get('Size')}/{f.get('LfhSize')}")
        blocks = f.findall(BM + "Block")
        expect = [base64.b64encode(hashlib.sha256(raw[i:i + 65536]).digest()).decode()
                  for i in range(0, len(raw), 65536)]
        ok_all &= check(f"{label}: {name} block hashes ({len(expect)} blocks)",
                        [b.get("Hash") for b in blocks] == expect)
        if method == 0:
            ok_all &= check(f"{label}: {name} stored blocks carry no compressed size",
                            all(b.get("Size") is None for b in blocks))
    payload = {n for n in entries if n not in ("AppxBlockMap.xml", "[Content_Types].xml", "AppxSignature.p7x")}
    ok_all &= check(f"{label}: the block map lists exactly the payload", listed == payload,
                    f"listed {sorted(listed)}, payload {sorted(payload)}")
    return ok_all


def check_content_types(entries):
    types = ET.fromstring(content(entries["[Content_Types].xml"]))
    defaults = {d.get("Extension").lower(): d.get("ContentType") for d in types.findall(CT + "Default")}
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.findall(CT + "Override")}
    check("content type of the manifest", overrides.get("/AppxManifest.xml") == "application/vnd.ms-appx.manifest+xml")
    check("content type of the block map", overrides.get("/AppxBlockMap.xml") == "application/vnd.ms-appx.blockmap+xml")
    check("content type of the signature", overrides.get("/AppxSignature.p7x") == "application/vnd.ms-appx.signature")
    for name in entries:
        if name == "[Content_Types].xml":
            continue
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        check(f"{name} has a content type", "/" + name in overrides or ext in defaults)


# ---------------------------------------------------------------- manifest


def check_manifest(entries, signer):
    m = ET.fromstring(content(entries["AppxManifest.xml"]))
    ident = m.find(F + "Identity")
    check("manifest identity has name, publisher, four-part version, x64",
          ident is not None and ident.get("Name") and re.fullmatch(r"\d+\.\d+\.\d+\.\d+", ident.get("Version") or "")
          and ident.get("ProcessorArchitecture") == "x64")
    publisher = ident.get("Publisher") if ident is not None else ""
    rdns = lambda s: sorted(p.strip() for p in re.split(r",\s*", s or "") if p.strip())
    check("manifest publisher equals the signing certificate's subject", rdns(publisher) == rdns(signer),
          f"manifest [{publisher}], signer [{signer}]")
    props = m.find(F + "Properties")
    check("uap10:AllowExternalContent is true",
          props is not None and (props.findtext(UAP10 + "AllowExternalContent") or "").strip() == "true")
    caps = {c.get("Name") for c in m.iter(RESCAP + "Capability")}
    check("rescap:runFullTrust and rescap:unvirtualizedResources", {"runFullTrust", "unvirtualizedResources"} <= caps)
    apps = m.findall(F + "Applications/" + F + "Application")
    check("one application", len(apps) == 1)
    app = apps[0] if apps else ET.Element("x")
    visual = app.find(UAP + "VisualElements")
    check("AppListEntry=\"none\" (no Start menu entry)", visual is not None and visual.get("AppListEntry") == "none")
    for logo in [props.findtext(F + "Logo") if props is not None else None] + (
            [visual.get("Square150x150Logo"), visual.get("Square44x44Logo")] if visual is not None else []):
        check(f"logo {logo} is in the package", logo is not None and logo.replace("\\", "/") in entries)
    menus = app.findall(".//" + D4 + "Extension[@Category='windows.fileExplorerContextMenus']/" + D4 +
                        "FileExplorerContextMenus")
    check("desktop4:FileExplorerContextMenus declared", len(menus) == 1)
    types = {}
    for it in (menus[0].findall(D5 + "ItemType") if menus else []):
        verbs = it.findall(D5 + "Verb")
        types[it.get("Type")] = [v.get("Clsid", "").strip("{}").upper() for v in verbs]
    for t in ("Directory", "Directory\\Background", "Drive"):
        check(f"item type {t} with the command's class", types.get(t) == [XCMD_CLSID], f"{types.get(t)}")
    servers = app.findall(".//" + COM + "Extension[@Category='windows.comServer']/" + COM + "ComServer/" + COM +
                          "SurrogateServer")
    classes = [c for s in servers for c in s.findall(COM + "Class")]
    check("com:SurrogateServer class is the command's, in connectas.dll",
          len(classes) == 1 and classes[0].get("Id", "").strip("{}").upper() == XCMD_CLSID
          and classes[0].get("Path") == "connectas.dll", f"{[c.attrib for c in classes]}")
    return publisher


# ---------------------------------------------------------------- signature


def signer_subject(p7x):
    """Subject of the certificate that signed, read from AppxSignature.p7x ("PKCX" + DER PKCS#7)."""
    if p7x[:4] != b"PKCX":
        return ""
    out = subprocess.run(["openssl", "pkcs7", "-inform", "DER", "-print_certs", "-noout"], input=p7x[4:],
                         capture_output=True)
    subjects = re.findall(r"subject=\s*(.*)", out.stdout.decode(errors="replace"))
    if not subjects:
        return ""
    # openssl prints "C = x, O = y, CN = z" (or "CN=z,O=y"): normalize to "K=V" parts
    return ", ".join(re.sub(r"\s*=\s*", "=", p.strip()) for p in re.split(r",\s*", subjects[0]))


def verify(path, cert):
    out = subprocess.run(["osslsigncode", "verify", "-CAfile", cert, "-in", path], capture_output=True, text=True)
    return out.returncode == 0 and "Succeeded" in out.stdout, out.stdout + out.stderr


def osslsigncode_version():
    try:
        out = subprocess.run(["osslsigncode", "--version"], capture_output=True, text=True)
    except OSError:
        return None
    m = re.search(r"osslsigncode\s+(\d+)\.(\d+)", out.stdout + out.stderr)
    return (int(m.group(1)), int(m.group(2))) if m else None


def main(argv):
    global FAILS
    msix, cert, dll, user_msi, machine_msi, portable = argv
    version = osslsigncode_version()
    if version is None:
        print("skip: osslsigncode is not installed; it verifies MSIX signatures (2.7 or later)")
        return 77
    if version < (2, 7):
        print(f"skip: osslsigncode {version[0]}.{version[1]} is too old for MSIX/APPX (2.7 or later is needed; "
              "Debian 12 main has 2.5, bookworm-backports has 2.9)")
        return 77
    print(f"osslsigncode {version[0]}.{version[1]}: can verify MSIX")
    if not check(f"the build made {msix}", os.path.isfile(msix), "see the warning when configuring"):
        return FAILS
    data = open(msix, "rb").read()
    try:
        entries = read_zip(data)
    except ValueError as e:
        check("the package is a well-formed zip", False, str(e))
        return FAILS
    check("the package is a well-formed zip", True)
    for need in ("AppxManifest.xml", "AppxBlockMap.xml", "[Content_Types].xml", "AppxSignature.p7x"):
        check(f"{need} present", need in entries)
    if FAILS:
        return FAILS
    check_block_map(entries, "package")
    check_content_types(entries)
    signer = signer_subject(content(entries["AppxSignature.p7x"]))
    check("the signature names a signer", bool(signer))
    check_manifest(entries, signer)
    have_cert = bool(cert) and os.path.isfile(cert)
    if have_cert:
        good, log = verify(msix, cert)
        check("osslsigncode verifies the signature with the build's certificate", good, log[-400:])
    else:
        print(f"skip: no certificate file to verify against ([{cert}]; set CONNECTAS_SIGN_CERT for signed builds)")

    # The DLL it points at holds the command's class (the CLSID's binary form) and sits beside it on install.
    clsid_bytes = uuid.UUID(XCMD_CLSID).bytes_le
    check("connectas.dll contains the class the manifest declares", clsid_bytes in open(dll, "rb").read())

    with tempfile.TemporaryDirectory() as tmp:
        # Tampering with one byte of the manifest (zip CRCs kept right) breaks the block hash and the signature.
        method, lfh, stored, _, _, local, central = entries["AppxManifest.xml"]
        check("the manifest is stored (the tamper test flips a byte)", method == 0)
        if method == 0:
            bad = bytearray(data)
            i = local + lfh + stored.index(b"ConnectAs")
            bad[i] ^= 0x20  # "connectAs": still well-formed XML, another manifest
            crc = zlib.crc32(bytes(bad[local + lfh:local + lfh + len(stored)]))
            struct.pack_into("<I", bad, local + 14, crc)
            struct.pack_into("<I", bad, central + 16, crc)
            tampered = os.path.join(tmp, "tampered.msix")
            open(tampered, "wb").write(bad)
            hashes_ok = check_block_map(read_zip(bytes(bad)), "tampered", report=False)
            check("a tampered manifest fails the block hash check", not hashes_ok)
            if have_cert:
                check("a tampered manifest fails the signature check", not verify(tampered, cert)[0])

        # The packer refuses an osslsigncode too old for APPX, and says which version is needed.
        fake = os.path.join(tmp, "osslsigncode-2.5")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\necho 'osslsigncode 2.5, using:'\n")
        os.chmod(fake, 0o755)
        packer = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "installer", "msix.py")
        run = subprocess.run([sys.executable, packer, "--check-osslsigncode", fake], capture_output=True, text=True)
        check("the packer refuses osslsigncode 2.5 and names 2.7", run.returncode == 3 and "2.7" in run.stderr
              and "too old" in run.stderr, run.stderr.strip())

        # The installers carry the very same package.
        for label, msi in (("per-user MSI", user_msi), ("per-machine MSI", machine_msi)):
            out = os.path.join(tmp, label.replace(" ", "-"))
            os.makedirs(out)
            if shutil.which("msiextract") is None:
                print("skip: msiextract is not installed; MSI contents not checked")
                break
            subprocess.run(["msiextract", "-C", out, msi], capture_output=True)
            found = [os.path.join(r, f) for r, _, fs in os.walk(out) for f in fs if f == "connectas.msix"]
            check(f"{label} contains connectas.msix, identical to the build's",
                  len(found) == 1 and open(found[0], "rb").read() == data, f"{found}")
        import zipfile  # the portable zip is an ordinary zip: the standard reader is fine there
        with zipfile.ZipFile(portable) as z:
            names = [n for n in z.namelist() if n.endswith("/connectas.msix")]
            check("portable zip contains connectas.msix, identical to the build's",
                  len(names) == 1 and z.read(names[0]) == data, f"{names}")
    return FAILS


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
