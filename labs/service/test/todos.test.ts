// Unit tests of the to-do store and the input check: plain functions, no server, milliseconds to run.
//   npm test      (node --test, with Node stripping the types; nothing to install)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TITLE_MAX_LENGTH, TodoStore, checkNewTodo } from '../src/todos.ts';

describe('checkNewTodo', () => {
  it('accepts a title and trims it', () => {
    assert.deepEqual(checkNewTodo({ title: '  Write the Dockerfile  ' }), { ok: true, title: 'Write the Dockerfile' });
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, 'title', 42, ['title']]) {
      assert.equal(checkNewTodo(body).ok, false, `accepted ${JSON.stringify(body)}`);
    }
  });

  it('refuses a missing, empty or non-string title, with a reason for the client', () => {
    assert.deepEqual(checkNewTodo({}), { ok: false, error: '"title" is required and must be a string' });
    assert.deepEqual(checkNewTodo({ title: 7 }), { ok: false, error: '"title" is required and must be a string' });
    assert.deepEqual(checkNewTodo({ title: '   ' }), { ok: false, error: '"title" must not be empty' });
  });

  it(`accepts ${TITLE_MAX_LENGTH} characters and refuses one more`, () => {
    assert.equal(checkNewTodo({ title: 'x'.repeat(TITLE_MAX_LENGTH) }).ok, true);
    assert.equal(checkNewTodo({ title: 'x'.repeat(TITLE_MAX_LENGTH + 1) }).ok, false);
  });
});

describe('TodoStore', () => {
  it('adds, finds, lists and deletes items', () => {
    const store = new TodoStore();
    const todo = store.add('Write tests');
    assert.equal(todo.done, false);
    assert.equal(store.get(todo.id), todo);
    assert.deepEqual(store.list(), [todo]);
    assert.equal(store.delete(todo.id), true);
    assert.equal(store.delete(todo.id), false);
    assert.equal(store.size, 0);
  });

  it('gives every item its own id', () => {
    const store = new TodoStore();
    const ids = new Set(Array.from({ length: 100 }, (_, i) => store.add(`item ${i}`).id));
    assert.equal(ids.size, 100);
  });

  it('reports full at its capacity', () => {
    const store = new TodoStore(2);
    store.add('one');
    assert.equal(store.isFull, false);
    store.add('two');
    assert.equal(store.isFull, true);
  });
});
