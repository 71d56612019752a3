import { co, z } from "jazz-tools";

export const Todo = co.map({
  title: z.string(),
  done: z.boolean(),
});

export const TodoList = co.list(Todo);

export const AppRoot = co.map({
  todos: TodoList,
});

export const AppAccount = co
  .account({
    profile: co.profile(),
    root: AppRoot,
  })
  .withMigration((account) => {
    if (!account.$jazz.has("root")) {
      account.$jazz.set("root", { todos: [] });
    }
  });
