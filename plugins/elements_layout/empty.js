// Renderer of "empty": a placeholder that shows nothing until something replaces it.

export function render() {}
