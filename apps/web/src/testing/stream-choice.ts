import { screen } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';

/**
 * Chooses a stream in the Streams field of the token forms: `search` entered at once (pasted),
 * then the option named `option`. For tests of what follows the choice; typing into the field,
 * a search per keystroke with its list open, is what token-form.test.tsx tests.
 */
export async function chooseStream(user: UserEvent, search: string, option: RegExp) {
  await user.click(screen.getByRole('combobox', { name: 'Streams' }));
  await user.paste(search);
  await user.click(await screen.findByRole('option', { name: option }));
}
