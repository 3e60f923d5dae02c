/** Header icons and the favicon, drawn as SVG. */

export const navLogoSvg =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 220 32" width="220" height="32">` +
  `<circle cx="16" cy="16" r="14" fill="#853b5c"/><path d="M9 17 q7 9 14 0" stroke="#fff" stroke-width="3" fill="none"/>` +
  `<text x="38" y="23" font-family="Helvetica, Arial, sans-serif" font-size="19" font-weight="600" fill="#111">Online Boutique</text></svg>\n`;

export const cartIconSvg =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32" fill="none" stroke="#111" stroke-width="2.2" stroke-linejoin="round">` +
  `<path d="M4 5 h4 l3 15 h14 l3 -11 H9.5"/><circle cx="13" cy="26" r="2"/><circle cx="24" cy="26" r="2"/></svg>\n`;

export const downArrowSvg =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="16" height="16"><path d="M3 6 l5 5 l5 -5" stroke="#333" stroke-width="2" fill="none"/></svg>\n`;

export const faviconSvg =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32"><circle cx="16" cy="16" r="15" fill="#853b5c"/>` +
  `<path d="M9 17 q7 9 14 0" stroke="#fff" stroke-width="3" fill="none"/></svg>\n`;
