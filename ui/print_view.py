"""A print page for one answer: the question and the whole answer (clauses, 责任单位 included).

The print channel's own renderer: it reads the reply's blocks (headline, body, steps and
conditions per award, citations, unit lines, caveats, follow-up), never the chat's Markdown
(``reply.answer``). Jinja2 autoescapes every block; a body line's own ``**bold**`` and ``- ``
items go through markdown-it-py with raw HTML off. Dates read as people write them
(2025年6月30日). The page is self-contained (no script, no remote file) so it can be saved and
printed as is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from assistant.answer.presentation import ESTIMATE_NOTE, clause_heading, quotes_by_clause, stamp
from assistant.answer.render.awards import award_groups
from assistant.answer.render.markdown import CONDITION_LEGEND, emphasised
from assistant.answer.render.report import PRINT_CSS, markdown_to_html, when_text

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
{% if reply.not_covered and reply.not_covered != headline_text %}<p>{{ reply.not_covered }}</p>{% endif %}
{% if headline %}<div class="totals">{{ headline }}</div>{% endif %}
{% for line in body %}{{ line }}
{% endfor %}
{% if groups %}<h2>计算过程与条件核对</h2>
<p class="muted">条件状态{{ legend }}</p>
{% for g in groups %}<div class="award">{% if g.title %}<h3>{{ g.title }}</h3>{% endif %}
<div class="cols">{% if g.conditions %}<div><p class="label">条件：</p><ul>{% for word, text in g.conditions %}<li>{{ word }}：{{ text }}</li>{% endfor %}</ul></div>{% endif %}
{% if g.steps %}<div><p class="label">计算过程：</p><ol>{% for step in g.steps %}<li>{{ step }}</li>{% endfor %}</ol></div>{% endif %}</div>
</div>
{% endfor %}{% endif %}
{% if citations %}<h2>依据条款</h2><ul class="quotes small">
{% for heading, quotes in citations %}<li><strong>{{ heading }}</strong>：{% for q in quotes %}“{{ q }}”{% if not loop.last %}；{% endif %}{% endfor %}</li>
{% endfor %}</ul>{% endif %}
{% if reply.unit_lines or reply.units %}<h2>责任单位</h2>
{% if reply.unit_lines | length > 1 %}<ul>{% for line in reply.unit_lines %}<li>{{ line.clause }}：{{ line.units | join("、") }}</li>{% endfor %}</ul>
{% else %}<p>{{ reply.units | join("、") }}</p>{% endif %}{% endif %}
{% if reply.caveats %}<h2>提示</h2>
<ul>{% for c in reply.caveats %}<li>{{ c }}</li>{% endfor %}</ul>{% endif %}
{% if reply.follow_up %}<p><strong>{{ reply.follow_up }}</strong></p>{% endif %}
</body>
</html>
"""

_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def _inline(text: str) -> Markup:
    """One block of the reply as HTML: its own **bold** and "- " lists, everything else text."""
    return Markup(markdown_to_html(text))


def answer_html(question: str, reply: Any, now: datetime | None = None) -> str:
    """One answer as a printable page, from the blocks of the engine's Reply."""
    s = stamp()
    headline = emphasised(reply.headline) if reply.headline else ""
    return _ENV.from_string(_TEMPLATE).render(
        css=Markup(PRINT_CSS),
        title=s.title,
        validity=s.validity,
        note=ESTIMATE_NOTE,
        at=when_text(now),
        question=question,
        reply=reply,
        headline_text=reply.headline.text if reply.headline else "",
        headline=_inline(headline) if headline else "",
        body=[_inline(line) for line in reply.body],
        groups=award_groups(reply),
        legend=CONDITION_LEGEND,
        citations=[
            (clause_heading(label), quotes)
            for label, quotes in quotes_by_clause(reply.citations).items()
        ],
    )
