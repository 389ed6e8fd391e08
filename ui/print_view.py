"""A print page for one answer: the question and the whole answer (clauses, 责任单位 included).

Rendered from a Jinja2 template with autoescape; the answer's Markdown goes through
``assistant.export.markdown_to_html``, which escapes every character before adding its few tags.
The page is self-contained (no script, no remote file) so it can be saved and printed as is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from assistant.export import PRINT_CSS, markdown_to_html
from assistant.presentation import ESTIMATE_NOTE, stamp

_TEMPLATE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>晋创谷·晋中 政策助手：答复（{{ at }}）</title>
<style>{{ css }}</style>
</head>
<body>
<h1>晋创谷·晋中 政策助手：答复</h1>
<p class="stamp">政策：《{{ title }}》<br>有效期：{{ validity }}<br>{{ note }}</p>
<p class="muted">打印时间：{{ at }}</p>
{% if question %}<h2>问题</h2>
<p style="white-space: pre-wrap">{{ question }}</p>{% endif %}
<h2>答复</h2>
{{ body }}
</body>
</html>
"""

_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def answer_html(question: str, reply: Any, now: datetime | None = None) -> str:
    """One answer as a printable page. ``reply`` is the engine's Reply."""
    s = stamp()
    return _ENV.from_string(_TEMPLATE).render(
        css=Markup(PRINT_CSS),
        title=s.title,
        validity=s.validity,
        note=ESTIMATE_NOTE,
        at=f"{now or datetime.now():%Y年%m月%d日 %H:%M}",
        question=question,
        body=Markup(markdown_to_html(reply.answer)),
    )
