import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EmailAddress, emailParts, withEmailAddresses } from '../email-address.tsx';

describe('EmailAddress', () => {
  it('should cut an address after the @ first, and a long half before its dots', () => {
    expect(emailParts('kim@example.org')).toEqual(['kim@', 'example.org']);
    expect(
      emailParts('maximiliane.oberhauser-lindqvist@events.broadcast-partner.example.com'),
    ).toEqual([
      'maximiliane',
      '.oberhauser-lindqvist@',
      'events',
      '.broadcast-partner',
      '.example',
      '.com',
    ]);
  });

  it('should leave the text as it is, for screen readers, search and copying', () => {
    const address = 'maximiliane.oberhauser-lindqvist@events.broadcast-partner.example.com';
    const { container } = render(
      <p>
        <EmailAddress value={address} />
      </p>,
    );
    expect(container.firstElementChild).toHaveTextContent(address, { normalizeWhitespace: false });
    expect(container.querySelectorAll('wbr')).toHaveLength(5);
  });

  it('should find the addresses in a sentence and keep the words around them', () => {
    const { container } = render(
      <p>{withEmailAddresses('email: kim@example.org · role: editor')}</p>,
    );
    expect(container.firstElementChild).toHaveTextContent('email: kim@example.org · role: editor');
    expect(container.querySelectorAll('wbr')).toHaveLength(1);
    const plain = render(<p>{withEmailAddresses('session: 01a22f06 · role: admin')}</p>);
    expect(plain.container).toHaveTextContent('session: 01a22f06 · role: admin');
    expect(plain.container.querySelectorAll('bdi')).toHaveLength(1);
    expect(withEmailAddresses('')).toBe('');
  });
});
