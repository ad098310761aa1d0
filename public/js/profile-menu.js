// The header's profile menu is a <details> element and works without this script. This adds
// what a menu is expected to do besides: Escape closes it (focus back on its button), and so do
// a click elsewhere and focus moving out of it.
for (const menu of document.querySelectorAll('details.profile-menu')) {
  const toggle = menu.querySelector('summary');

  menu.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !menu.open) return;
    menu.open = false;
    toggle.focus();
  });

  menu.addEventListener('focusout', (event) => {
    if (event.relatedTarget instanceof Node && !menu.contains(event.relatedTarget)) menu.open = false;
  });

  document.addEventListener('click', (event) => {
    if (menu.open && event.target instanceof Node && !menu.contains(event.target)) menu.open = false;
  });
}
