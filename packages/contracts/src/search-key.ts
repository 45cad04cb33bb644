/**
 * The form in which a filter's text and the values it searches are compared: lower-cased and
 * compatibility-composed (NFKC). "café" typed composed or with a separate accent, "ＶＩＰ" in
 * full-width letters and "vip" are then one search, as they look one to the person typing.
 * Only the comparison uses it: a tag or user id is stored and signed in the form it was given.
 */
export const searchKey = (text: string) => text.toLowerCase().normalize('NFKC');
