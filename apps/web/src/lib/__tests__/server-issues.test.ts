import { act, renderHook } from '@testing-library/react';
import { useForm } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-client.ts';
import { applyServerIssues, splitServerIssues } from '../server-issues.ts';

const refused = (issues?: { path: string; message: string }[]) =>
  new ApiError(400, { code: 'invalid-request', message: 'The request is not valid.', issues });

interface Values {
  name: string;
  target: { streams: string[] };
}

function renderForm() {
  return renderHook(() => {
    const form = useForm<Values>({ defaultValues: { name: '', target: { streams: [] } } });
    // Reading the errors while rendering subscribes to them, as a form's fields do.
    void form.formState.errors;
    return form;
  }).result;
}

describe('applyServerIssues', () => {
  it('should put each issue under its own field and nothing in the form alert', () => {
    const form = renderForm();
    act(() =>
      applyServerIssues(
        form.current,
        refused([
          { path: 'name', message: 'Name: already taken.' },
          { path: 'target.streams.1', message: 'Streams: no such stream.' },
        ]),
        ['name', 'target.streams'],
      ),
    );
    const { errors } = form.current.formState;
    expect(errors.name?.message).toBe('Name: already taken.');
    expect(errors.target?.streams?.message).toBe('Streams: no such stream.');
    expect(errors.root).toBeUndefined();
  });

  it('should put issues without a field of the form in the form alert', () => {
    const form = renderForm();
    act(() =>
      applyServerIssues(
        form.current,
        refused([
          { path: 'name', message: 'Name: already taken.' },
          { path: 'owner', message: 'Owner: unknown.' },
        ]),
        ['name'],
      ),
    );
    expect(form.current.formState.errors.name?.message).toBe('Name: already taken.');
    expect(form.current.formState.errors.root?.server?.message).toBe('Owner: unknown.');
  });

  it('should put the server’s message in the form alert when no issue has a field', () => {
    const form = renderForm();
    act(() => applyServerIssues(form.current, refused(), ['name']));
    expect(form.current.formState.errors.root?.server?.message).toBe('The request is not valid.');
    expect(form.current.formState.errors.name).toBeUndefined();
  });
});

describe('splitServerIssues', () => {
  it('should keep the first message of a field and map paths through a function', () => {
    const split = splitServerIssues(
      refused([
        { path: 'body.password', message: 'Password: too short.' },
        { path: 'body.password', message: 'Password: too common.' },
      ]),
      (path) => (path.endsWith('password') ? 'password' : null),
    );
    expect(split).toEqual({ fields: { password: 'Password: too short.' }, rest: null });
  });

  it('should give a failure that is not the server’s answer to the form alert', () => {
    expect(splitServerIssues(new Error('Offline.'), ['name'])).toEqual({
      fields: {},
      rest: 'Offline.',
    });
  });
});
