// Keeps arrow keys, Space, Enter, Home and End from scrolling the page while a region picker's grid has
// focus (the component moves and toggles cells on them). Blazor can only prevent a default for every key,
// which would also swallow Tab, and an inline handler would need the content policy to allow inline script.
const pickerKeys = new Set([' ', 'Enter', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End']);

document.addEventListener('keydown', event => {
    if (event.target instanceof Element && event.target.classList.contains('region-picker-grid') && pickerKeys.has(event.key)) event.preventDefault();
});
