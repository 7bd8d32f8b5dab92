/* Small DOM and loading helpers shared by the finder (finder.js) and the comparison (compare.js). Paths and URLs
   are resolved against the site's root. */

// This file sits in javascripts/, one level below the site's root.
export const siteRoot = new URL('..', import.meta.url);

let dataPaths = null;

/* A file or page the build hands to the scripts in the page's head (hooks/metodbanken/site/page_assets.py), as a URL. */
export function dataPath(name) {
  dataPaths = dataPaths || JSON.parse(document.getElementById('mb-data-paths').textContent);
  return new URL(dataPaths[name], siteRoot);
}

export function el(tag, props, children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children || []) {
    if (child !== null && child !== undefined) node.append(child); // strings become text nodes
  }
  return node;
}

export function fetchJson(path) {
  return fetch(new URL(path, siteRoot)).then((response) => {
    if (!response.ok) throw new Error(path + ': ' + response.status);
    return response.json();
  });
}
