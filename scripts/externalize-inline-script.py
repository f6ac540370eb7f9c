#!/usr/bin/env python3
"""Moves the inline start-up <script> that trunk writes into dist/index.html into its own
file, so the console runs under a Content-Security-Policy without 'unsafe-inline'.

Usage: externalize-inline-script.py dist/index.html
"""
import base64
import hashlib
import pathlib
import re
import sys

index = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist/index.html")
html = index.read_text(encoding="utf-8")
pattern = re.compile(r"<script type=\"module\">(.*?)</script>", re.S)
scripts = pattern.findall(html)
if not scripts:
    if "<script" in html.split("<body")[0] and 'src="./init-' in html:
        sys.exit(0)  # already done
    sys.exit("no inline module script found in " + str(index))
for code in scripts:
    digest = hashlib.sha256(code.encode()).hexdigest()[:16]
    name = f"init-{digest}.js"
    (index.parent / name).write_text(code.strip() + "\n", encoding="utf-8")
    sri = "sha384-" + base64.b64encode(hashlib.sha384((code.strip() + "\n").encode()).digest()).decode()
    tag = f'<script type="module" src="./{name}" integrity="{sri}"></script>'
    html = html.replace(f'<script type="module">{code}</script>', tag, 1)
if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
    sys.exit("an inline script is still present in " + str(index))
index.write_text(html, encoding="utf-8")
print(f"externalized {len(scripts)} inline script(s) from {index}")
