import MoreVertIcon from '@mui/icons-material/MoreVert';
import { IconButton, Menu, MenuItem } from '@mui/material';
import { useMenu } from '@/components/use-menu.ts';

/** A row's further actions: "Create a similar token". */
export function RowMenu({ label, onSimilar }: { label: string; onSimilar: () => void }) {
  const { button, menu, close } = useMenu();
  return (
    <>
      <IconButton
        size="small"
        aria-label={`More actions for ${label}`}
        {...button}
        onClick={(event) => {
          // The row opens the record when clicked: the menu is not a click on the row.
          event.stopPropagation();
          button.onClick(event);
        }}
      >
        <MoreVertIcon fontSize="small" />
      </IconButton>
      <Menu {...menu} onClick={(event) => event.stopPropagation()}>
        <MenuItem
          onClick={() => {
            close();
            onSimilar();
          }}
        >
          Create a similar token
        </MenuItem>
      </Menu>
    </>
  );
}
