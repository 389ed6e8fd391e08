"""Command line: `python -m assistant ask|chat` (a stable contract others script against).

    python -m assistant ask --json "问题" ["问题2" …]   one JSON object per question (fresh state each)
    python -m assistant chat --jsonl                    one message per stdin line, state kept

Without --json/--jsonl both print the Markdown answer for people.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

from assistant.engine import Assistant
from assistant.state import Conversation


def _emit(reply, as_json: bool) -> None:
    if as_json:
        print(json.dumps(reply.to_json_dict(), ensure_ascii=False), flush=True)
    else:
        print(reply.answer, end="\n\n", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="晋创谷·晋中 政策助手")
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer each question independently")
    ask.add_argument("questions", nargs="+", help="问题")
    ask.add_argument("--json", action="store_true", help="one JSON object per line")
    chat = sub.add_parser("chat", help="a conversation: one message per stdin line")
    chat.add_argument("--jsonl", action="store_true", help="one JSON object per line")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    assistant = Assistant.default()
    if args.command == "ask":
        for question in args.questions:
            _emit(assistant.reply(Conversation(), question), args.json)
    else:
        conv = Conversation()
        for line in sys.stdin:
            _emit(assistant.reply(conv, line.rstrip("\n")), args.jsonl)
    return 0


if __name__ == "__main__":
    sys.exit(main())
