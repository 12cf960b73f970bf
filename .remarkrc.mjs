// Link checking for the Markdown docs (`npm run lint`): remark reads them and reports, and never
// writes them back (the CLI writes only with --output).
import { isAbsolute, relative, resolve } from 'node:path';
import validateLinks from 'remark-validate-links';

/**
 * remark-validate-links checks that a linked file exists, wherever it is: a link that leaves the
 * repository passes when the folder beside it happens to hold the file. Such a link is broken for
 * every other reader, so any relative link (or image) that resolves outside the root is an error.
 */
function linksInsideRepository() {
  return (tree, file) => {
    const root = file.cwd;
    const visit = (node) => {
      if (['link', 'image', 'definition'].includes(node.type) && typeof node.url === 'string') {
        const path = node.url.split(/[?#]/)[0];
        const local = path !== '' && !/^[a-z][a-z\d+.-]*:|^\/\//i.test(path);
        const inside = local && relative(root, resolve(root, file.dirname ?? '.', decodeURI(path)));
        // An absolute path names a file of one machine (and, on GitHub, a page outside the repo).
        if (local && (path.startsWith('/') || inside.startsWith('..') || isAbsolute(inside))) {
          file.message(`Link \`${node.url}\` leaves the repository`, {
            place: node.position,
            ruleId: 'outside-repository',
            source: 'links-inside-repository',
          });
        }
      }
      for (const child of node.children ?? []) visit(child);
    };
    visit(tree);
  };
}

export default {
  plugins: [
    // No Git remote is needed: links are checked as files and headings of this checkout.
    [validateLinks, { repository: false }],
    linksInsideRepository,
  ],
};
