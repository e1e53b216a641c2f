"""Reads DOCX files through LibreOffice (UNO) and prints their paragraphs:
for each file, the text as it is, after accepting every tracked change, and
after rejecting every one. Each reading starts with a line
`@@ FILE<tab>MODE<tab>REDLINES` (REDLINES: 1 when tracked changes are left,
else 0), then one line per paragraph (line breaks inside one as spaces).

    python3 paragraphs.py PROFILE_DIR FILE.docx...

Run with a Python that has the `uno` module (Debian: python3-uno). Used by
tests/testsuite/redline.rs: accept all must give the new draft's text, reject
all the old one's.
"""

import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def paragraphs(doc):
    out = []
    enum = doc.Text.createEnumeration()
    while enum.hasMoreElements():
        part = enum.nextElement()
        if part.supportsService("com.sun.star.text.Paragraph"):
            out.append(part.getString())
        else:  # a table: its cells, row by row
            for name in part.getCellNames():
                out.append(part.getCellByName(name).getString())
    return out


def main():
    profile, files = sys.argv[1], sys.argv[2:]
    pipe = "wengao_uno_%d" % os.getpid()
    office = subprocess.Popen([
        "soffice", "-env:UserInstallation=file://" + os.path.abspath(profile),
        "--headless", "--invisible", "--norestore", "--nologo",
        "--accept=pipe,name=%s;urp;" % pipe,
    ])
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(240):
            try:
                ctx = resolver.resolve(
                    "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                time.sleep(0.25)
        if ctx is None:
            raise SystemExit("LibreOffice did not answer")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", ctx)
        for path in files:
            url = uno.systemPathToFileUrl(os.path.abspath(path))
            for mode, command in [("as_is", None),
                                  ("accept", ".uno:AcceptAllTrackedChanges"),
                                  ("reject", ".uno:RejectAllTrackedChanges")]:
                doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
                if command:
                    frame = doc.getCurrentController().getFrame()
                    dispatcher.executeDispatch(frame, command, "", 0, ())
                left = doc.getRedlines().createEnumeration().hasMoreElements()
                sys.stdout.write("@@ %s\t%s\t%d\n" % (path, mode, int(left)))
                for text in paragraphs(doc):
                    flat = " ".join(text.splitlines()).replace("\t", " ")
                    sys.stdout.write(flat + "\n")
                doc.close(True)
        sys.stdout.flush()
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


main()
