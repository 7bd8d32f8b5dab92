/* Small DOM and loading helpers shared by the finder (finder.js) and the comparison (compare.js). */

// This file sits in javascripts/, one level below the site's root.
export const siteRoot = new URL('..', import.meta.url);

export function el(tag, props, children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children || []) {
    if (child !== null && child !== undefined) node.append(child); // strings become text nodes
  }
  return node;
}

export function loadScript(path) {
  return new Promise((resolve, reject) => {
    const script = el('script', { src: new URL(path, siteRoot).href, async: false });
    script.onload = resolve;
    script.onerror = () => reject(new Error(path));
    document.head.append(script);
  });
}

export function fetchJson(path) {
  return fetch(new URL(path, siteRoot)).then((response) => {
    if (!response.ok) throw new Error(path + ': ' + response.status);
    return response.json();
  });
}
