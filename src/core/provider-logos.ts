export interface ProviderLogo {
  light?: string;
  dark?: string;
}

/** Only base64 SVG is shown: through `<img src>` it can never run script. Checked at generation too. */
export const svgDataUri = (value: unknown): string | undefined =>
  typeof value === 'string' && /^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+={0,2}$/.test(value) ? value : undefined;

/**
 * The logo (light and dark) of the passkey provider with this AAGUID, from
 * the community list. Only that provider's module loads; `undefined` for an
 * unknown provider or a failed load. Never throws.
 */
export async function loadProviderLogo(aaguid: string): Promise<ProviderLogo | undefined> {
  try {
    const { logos } = await import('../generated/logos.js');
    const key = aaguid.replace(/-/g, '').toLowerCase();
    const icons = Object.hasOwn(logos, key) ? await logos[key]() : {};
    const logo = { light: svgDataUri(icons.light), dark: svgDataUri(icons.dark) };
    return logo.light || logo.dark ? logo : undefined;
  } catch {
    return undefined;
  }
}
