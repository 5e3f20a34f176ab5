// Document-level shortcuts of the reviewers' queue. The page hands over the keys it acts on; this forwards
// them to .NET unless the person is typing in a field, where only Escape counts: it leaves the field, so the
// next key is a shortcut again. Enter and the arrows act only when nothing interactive has focus, so a focused
// button, link or toggle keeps its own meaning for them.
const editable = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';
const interactive = 'a, button, [role="button"], [role="radio"], [role="tab"], [role="option"], [tabindex]';
const ownMeaning = new Set(['Enter', 'ArrowUp', 'ArrowDown']);

export function listen(dotNet, keys) {
    const wanted = new Set(keys);
    const onKey = event => {
        if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
        const target = event.target instanceof Element ? event.target : null;
        if (target?.closest(editable)) {
            if (event.key === 'Escape') target.blur();
            return;
        }
        if (!wanted.has(event.key)) return;
        if (ownMeaning.has(event.key) && target?.closest(interactive)) return;
        // Keeps "/" out of the reason field it focuses, and the arrows from scrolling the page.
        event.preventDefault();
        dotNet.invokeMethodAsync('OnShortcutAsync', event.key);
    };
    document.addEventListener('keydown', onKey);
    return {
        // The queue marks its selected row with aria-current; a key that moved it past the window's edge brings it back.
        revealSelected: () => document.querySelector('.review-queue-row[aria-current="true"]')?.scrollIntoView({ block: 'nearest' }),
        dispose: () => document.removeEventListener('keydown', onKey),
    };
}
