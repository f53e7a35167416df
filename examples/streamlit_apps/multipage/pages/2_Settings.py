from streamlit import session_state, title, toggle, write

title("Settings")
dark = toggle("Dark mode", key="dark_mode")
write("Dark mode is", "on" if dark else "off", "- visits:", session_state.get("visits", 0))
