"""Build static/description/index.html (the module's description in Odoo's
Apps screen) from the readme/ fragments. Run from the addon folder:

    python3 dev/build_description.py
"""

import html
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
SECTIONS = (
    ("DESCRIPTION", None),
    ("CONTEXT", "Legal rules applied"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("CONTRIBUTORS", "Contributors"),
)


def _block_to_html(block):
    lines = block.strip().splitlines()
    if all(line.lstrip().startswith("- ") or line.startswith("  ") for line in lines):
        items, current = [], ""
        for line in lines:
            if line.lstrip().startswith("- "):
                if current:
                    items.append(current)
                current = line.lstrip()[2:]
            else:
                current += " " + line.strip()
        items.append(current)
        return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
    return f"<p>{html.escape(' '.join(line.strip() for line in lines))}</p>"


def build():
    parts = []
    for name, title in SECTIONS:
        path = ROOT / "readme" / f"{name}.md"
        if not path.exists():
            continue
        if title:
            parts.append(f"<h2>{title}</h2>")
        parts.extend(
            _block_to_html(block)
            for block in path.read_text().strip().split("\n\n")
            if block.strip()
        )
    body = re.sub(r"\*([^*]+)\*", r"<em>\1</em>", "\n".join(parts))
    target = ROOT / "static" / "description" / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        '<section class="oe_container">\n<div class="oe_row oe_spaced">\n'
        "<h1>France - Recouvrement de créances</h1>\n"
        f"{body}\n</div>\n</section>\n"
    )
    return target


if __name__ == "__main__":
    print(build())
