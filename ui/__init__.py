"""Streamlit-side rendering shared by the pages: session state, answers, reports, browser glue.

Everything here draws with Streamlit; what a test needs without a browser (search, hand-over
detection, the print page) is a plain function next to it.
"""
