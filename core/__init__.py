"""Code shared by the dashboard pages and the ETL (never imports streamlit)."""
