"""The conversational assistant, in layers (see ARCHITECTURE.md).

``nlu`` reads a message → ``dialogue`` keeps the case file and decides → ``answer`` words the
reply from calculator results → ``engine`` orchestrates (with ``retrieval`` and the optional
``llm``) → ``service`` records, serves and batches. Each package imports only those below it.
"""
