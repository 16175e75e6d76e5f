"""App tests: AppTest flows and a real-browser test."""
