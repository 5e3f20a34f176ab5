// Document-level keyboard shortcuts of a page (DocumentShortcuts.razor). The page hands over the keys it acts
// on; this forwards them to .NET unless the person is typing in a field, where only Escape counts: it leaves
// the field, so the next key is a shortcut again. Enter and the arrows act only when nothing interactive has
// focus, so a focused button, link or toggle keeps its own meaning for them.
const editable = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';
const interactive = 'a, button, [role="button"], [role="radio"], [role="tab"], [role="option"], [tabindex]';
const ownMeaning = new Set(['Enter', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', ' ']);

export function listen(dotNet, keys) {
    const wanted = new Set(keys);
    const onKey = event => {
        if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
        const target = event.target instanceof Element ? event.target : null;
        if (target?.closest(editable)) {
            if (event.key === 'Escape') target.blur();
            return;
        }
        // Letters count whatever the case, so Caps Lock does not silence the shortcuts.
        const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
        if (!wanted.has(key)) return;
        if (ownMeaning.has(key) && target?.closest(interactive)) return;
        // Keeps a key that focuses a field ("/") out of that field, and the arrows from scrolling the page.
        event.preventDefault();
        dotNet.invokeMethodAsync('OnKeyAsync', key);
    };
    document.addEventListener('keydown', onKey);
    return {
        // A key may move a selection past the window's edge; this brings the element that marks it back.
        reveal: selector => document.querySelector(selector)?.scrollIntoView({ block: 'nearest' }),
        dispose: () => document.removeEventListener('keydown', onKey),
    };
}
