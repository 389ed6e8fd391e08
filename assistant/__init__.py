"""The conversational assistant: retrieval, understanding, dialogue and answers."""
