// What jsdom lacks and the screens use.
Element.prototype.scrollIntoView = function scrollIntoView() {};
window.matchMedia = ((q: string) => ({ matches: false, media: q, addEventListener() {}, removeEventListener() {} })) as unknown as typeof window.matchMedia;
