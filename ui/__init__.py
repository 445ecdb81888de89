"""Streamlit building blocks shared by app.py and pages/: they render, the core decides."""
