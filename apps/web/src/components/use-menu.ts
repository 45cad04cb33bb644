import { useId, useState, type MouseEvent } from 'react';

/**
 * A button that opens a menu: spread `button` on the button and `menu` on the Menu, so the
 * two are tied for assistive technology (haspopup, controls, expanded) the same way everywhere.
 */
export function useMenu() {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const id = useId();
  const close = () => setAnchor(null);
  return {
    close,
    button: {
      'aria-haspopup': 'menu' as const,
      'aria-controls': anchor ? id : undefined,
      'aria-expanded': anchor ? true : undefined,
      onClick: (event: MouseEvent<HTMLElement>) => setAnchor(event.currentTarget),
    },
    menu: { id, anchorEl: anchor, open: anchor !== null, onClose: close },
  };
}
