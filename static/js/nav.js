// On a phone the tenant menu scrolls sideways: bring the current page's tab into view, so that
// the reader sees where they are (the tab may be the eighth of ten, off the right edge).
document.addEventListener("DOMContentLoaded", function () {
  var current = document.querySelector(".tenant-nav [aria-current='page']");
  if (!current) return;
  var list = current.closest("ul");
  if (!list || list.scrollWidth <= list.clientWidth) return;
  var tab = current.getBoundingClientRect();
  var bar = list.getBoundingClientRect();
  list.scrollLeft += (tab.left + tab.width / 2) - (bar.left + bar.width / 2);
});
