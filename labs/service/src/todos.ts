// The to-do store: a Map in this process's memory. Every replica has its own copy and a restart
// empties it. That keeps the labs simple; a real service keeps its state in a database.
import { randomUUID } from 'node:crypto';

export interface Todo {
  id: string;
  title: string;
  done: boolean;
  createdAt: string;
}

export const TITLE_MAX_LENGTH = 200;

/** Either a cleaned-up title or the reason the input was refused, worded for the API client. */
export type TitleCheck = { ok: true; title: string } | { ok: false; error: string };

/** Validates the body of POST /todos. `body` is whatever JSON.parse returned. */
export function checkNewTodo(body: unknown): TitleCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: 'the request body must be a JSON object, e.g. {"title": "Write the Dockerfile"}' };
  }
  const title = (body as Record<string, unknown>)['title'];
  if (typeof title !== 'string') {
    return { ok: false, error: '"title" is required and must be a string' };
  }
  const trimmed = title.trim();
  if (trimmed.length === 0) return { ok: false, error: '"title" must not be empty' };
  if (trimmed.length > TITLE_MAX_LENGTH) {
    return { ok: false, error: `"title" must be at most ${TITLE_MAX_LENGTH} characters` };
  }
  return { ok: true, title: trimmed };
}

export class TodoStore {
  private readonly todos = new Map<string, Todo>();
  /** A cap, so a loop of POSTs cannot grow the process until it hits its memory limit. */
  readonly capacity: number;

  constructor(capacity = 10_000) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.todos.size;
  }

  get isFull(): boolean {
    return this.todos.size >= this.capacity;
  }

  list(): Todo[] {
    return [...this.todos.values()];
  }

  get(id: string): Todo | undefined {
    return this.todos.get(id);
  }

  add(title: string): Todo {
    const todo: Todo = { id: randomUUID(), title, done: false, createdAt: new Date().toISOString() };
    this.todos.set(todo.id, todo);
    return todo;
  }

  delete(id: string): boolean {
    return this.todos.delete(id);
  }
}
