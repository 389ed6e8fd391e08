"""Command line: `python -m assistant ask|chat` (a stable contract others script against).

    python -m assistant ask --json "问题" ["问题2" …]   one JSON object per question (fresh state each)
    python -m assistant chat --jsonl                    one message per stdin line, state kept
    python -m assistant check --json body.json          政策体检 from the body /v1/check takes
    python -m assistant serve --port 8000 --workers 2   the HTTP API (assistant.service.commands)
    python -m assistant batch in.xlsx -o out.xlsx       batch matching (assistant.service.commands)

Without --json/--jsonl both print the Markdown answer for people.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

from assistant.dialogue.state import Conversation
from assistant.engine import Assistant


def _emit(reply, as_json: bool) -> None:
    if as_json:
        print(json.dumps(reply.to_json_dict(), ensure_ascii=False), flush=True)
    else:
        print(reply.answer, end="\n\n", flush=True)


ASK_FLAGS = frozenset({"--json", "-h", "--help"})


def _questions_are_not_options(argv: list[str]) -> list[str]:
    """ "ask --json -300万能拿多少": a question may start with "-"; only known flags are flags."""
    if not argv or argv[0] != "ask" or "--" in argv:
        return argv
    flags = [a for a in argv[1:] if a in ASK_FLAGS]
    return ["ask", *flags, "--", *[a for a in argv[1:] if a not in ASK_FLAGS]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="晋创谷·晋中 政策助手")
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer each question independently")
    ask.add_argument("questions", nargs="+", help="问题")
    ask.add_argument("--json", action="store_true", help="one JSON object per line")
    chat = sub.add_parser("chat", help="a conversation: one message per stdin line")
    chat.add_argument("--jsonl", action="store_true", help="one JSON object per line")
    check = sub.add_parser("check", help="政策体检 from a JSON body, as POST /v1/check takes it")
    check.add_argument("body", nargs="?", default="-", help="a JSON file (default: stdin)")
    check.add_argument("--json", action="store_true", help="the reply as one JSON object")
    from assistant.service import commands as service

    service.add_commands(sub)
    args = parser.parse_args(_questions_are_not_options(sys.argv[1:] if argv is None else argv))
    if args.command in service.COMMANDS:
        return service.run(args)

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if args.command == "check":
        from assistant.service.check import cli

        return cli(args.body, args.json)
    assistant = Assistant.default()
    if args.command == "ask":
        for question in args.questions:
            _emit(assistant.reply(Conversation(), question), args.json)
    else:
        conv = Conversation()
        if hasattr(sys.stdin, "reconfigure"):  # a bad byte is one odd character, not the end
            sys.stdin.reconfigure(errors="replace")
        for line in sys.stdin:
            _emit(assistant.reply(conv, line.rstrip("\n")), args.jsonl)
    return 0


if __name__ == "__main__":
    sys.exit(main())
