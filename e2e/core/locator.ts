/**
 * Locators by what a user sees, the way Playwright recommends: a role and its accessible name, a form label, visible
 * text — and only where a page offers no user-facing handle, a stable id or class of the real shop's own markup (`css`,
 * which must say why). One description serves both drivers: Playwright resolves it with getByRole/getByLabel/getByText,
 * Selenium with the browser's own computed role and accessible name (WebDriver "computed role/label").
 *
 * Matching follows Playwright: a string name or text matches case-insensitively as a substring of the whitespace-folded
 * text, `exact: true` matches the whole folded text case-sensitively, a RegExp is tested against the folded text.
 */
export type Role =
  | 'alert'
  | 'button'
  | 'cell'
  | 'checkbox'
  | 'columnheader'
  | 'combobox'
  | 'dialog'
  | 'heading'
  | 'img'
  | 'link'
  | 'list'
  | 'listitem'
  | 'main'
  | 'navigation'
  | 'region'
  | 'row'
  | 'rowheader'
  | 'spinbutton'
  | 'table'
  | 'textbox';

export type TextMatch = string | RegExp;

export interface Filter {
  /** Keep elements whose text contains this (same matching as names). */
  hasText?: TextMatch;
  /** Keep elements that contain a match of this locator. */
  has?: Locator;
}

export type Query =
  | { by: 'role'; role: Role; name?: TextMatch; exact?: boolean; level?: number }
  | { by: 'label'; label: TextMatch; exact?: boolean }
  | { by: 'text'; text: TextMatch; exact?: boolean }
  | { by: 'css'; css: string; why: string };

export class Locator {
  private constructor(
    readonly query: Query,
    readonly scope: Locator | undefined,
    readonly filters: readonly Filter[],
    readonly index: number | undefined,
  ) {}

  static of(query: Query): Locator {
    return new Locator(query, undefined, [], undefined);
  }

  /** The same query, looked up inside each match of `scope`. */
  within(scope: Locator): Locator {
    return new Locator(this.query, this.scope ? this.scope.within(scope) : scope, this.filters, this.index);
  }

  /** A query looked up inside this locator's matches (Playwright's `locator.getByRole(…)`). */
  find(child: Locator): Locator {
    return child.within(this);
  }

  filter(filter: Filter): Locator {
    return new Locator(this.query, this.scope, [...this.filters, filter], this.index);
  }

  /** The n-th match (0-based), like Playwright's `nth`. */
  nth(index: number): Locator {
    return new Locator(this.query, this.scope, this.filters, index);
  }

  first(): Locator {
    return this.nth(0);
  }

  /** How a failure names it: `link "Sunglasses" in css .hot-product-card`. */
  toString(): string {
    const q = this.query;
    const show = (m: TextMatch, exact?: boolean) => (typeof m === 'string' ? `"${m}"${exact ? ' (exact)' : ''}` : String(m));
    let text: string;
    switch (q.by) {
      case 'role':
        text = `${q.role}${q.name !== undefined ? ` ${show(q.name, q.exact)}` : ''}${q.level ? ` level ${q.level}` : ''}`;
        break;
      case 'label':
        text = `field labelled ${show(q.label, q.exact)}`;
        break;
      case 'text':
        text = `text ${show(q.text, q.exact)}`;
        break;
      case 'css':
        text = `css ${q.css}`;
        break;
    }
    for (const f of this.filters) {
      if (f.hasText !== undefined) text += ` with text ${show(f.hasText)}`;
      if (f.has) text += ` having (${f.has.toString()})`;
    }
    if (this.index !== undefined) text += ` #${this.index + 1}`;
    return this.scope ? `${text} in ${this.scope.toString()}` : text;
  }
}

/** Builders: `by.role('button', 'Add To Cart')`, `by.label('Zip Code')`, `by.text('Hot Products')`, `by.css(…, why)`. */
export const by = {
  role(role: Role, name?: TextMatch, options: { exact?: boolean; level?: number } = {}): Locator {
    return Locator.of({ by: 'role', role, name, ...options });
  },
  label(label: TextMatch, options: { exact?: boolean } = {}): Locator {
    return Locator.of({ by: 'label', label, ...options });
  },
  text(text: TextMatch, options: { exact?: boolean } = {}): Locator {
    return Locator.of({ by: 'text', text, ...options });
  },
  /** A stable id or class of the real shop's markup, where no role, label or text identifies the element. */
  css(css: string, why: string): Locator {
    return Locator.of({ by: 'css', css, why });
  },
};

/** Whitespace folded to single spaces and trimmed, as both Playwright and the accessible-name computation see text. */
export function foldWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Playwright's text matching rule, for the driver that has to apply it itself. */
export function textMatches(actual: string, wanted: TextMatch, exact = false): boolean {
  const folded = foldWhitespace(actual);
  if (wanted instanceof RegExp) return wanted.test(folded);
  const want = foldWhitespace(wanted);
  return exact ? folded === want : folded.toLowerCase().includes(want.toLowerCase());
}

/**
 * Elements that may carry each role implicitly or explicitly: the candidates whose computed role the browser is asked
 * for (the computed role decides, so e.g. `<select size=4>` is not a combobox).
 */
export const roleCandidates: Record<Role, string> = {
  alert: '[role=alert]',
  button: 'button, input[type=submit], input[type=button], input[type=reset], input[type=image], summary, [role=button]',
  cell: 'td, [role=cell], [role=gridcell]',
  checkbox: 'input[type=checkbox], [role=checkbox]',
  columnheader: 'th, [role=columnheader]',
  combobox: 'select, input:not([type]), input[type=text], input[type=email], input[type=search], input[list], [role=combobox]',
  dialog: 'dialog, [role=dialog], [role=alertdialog]',
  heading: 'h1, h2, h3, h4, h5, h6, [role=heading]',
  img: 'img, svg, [role=img]',
  link: 'a[href], area[href], [role=link]',
  list: 'ul, ol, menu, [role=list]',
  listitem: 'li, [role=listitem]',
  main: 'main, [role=main]',
  navigation: 'nav, [role=navigation]',
  region: 'section, [role=region]',
  row: 'tr, [role=row]',
  rowheader: 'th, [role=rowheader]',
  spinbutton: 'input[type=number], [role=spinbutton]',
  table: 'table, [role=table], [role=grid]',
  textbox: 'input:not([type]), input[type=text], input[type=email], input[type=tel], input[type=url], textarea, [role=textbox], [contenteditable=true]',
};

/** Form controls a label can name. */
export const labelledCandidates = 'input:not([type=hidden]), select, textarea, [role=textbox], [role=combobox], [role=checkbox], [role=spinbutton]';
