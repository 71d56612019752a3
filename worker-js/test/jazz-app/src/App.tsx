import React, { useEffect, useState } from "react";
import { useAccount, useDemoAuth, useLogOut } from "jazz-tools/react";
import { AppAccount } from "./schema";
import { exposeForTests } from "./testHooks";

/** Demo auth (jazz-tools' own): sign up names the anonymous account; log in picks a known one. */
function Auth() {
  const auth = useDemoAuth();
  const logOut = useLogOut();
  const [name, setName] = useState("");
  if (auth.state === "signedIn") {
    return <button id="logout" onClick={() => logOut()}>Log out</button>;
  }
  return (
    <form id="auth" onSubmit={(event) => { event.preventDefault(); void auth.signUp(name); }}>
      <input id="signup-name" value={name} onChange={(event) => setName(event.target.value)} placeholder="Your name" />
      <button id="signup" type="submit">Sign up</button>
      {auth.existingUsers.map((user) => (
        <button key={user} type="button" className="login" data-user={user} onClick={() => void auth.logIn(user)}>
          Log in as {user}
        </button>
      ))}
    </form>
  );
}

export function App() {
  const auth = useDemoAuth();
  const me = useAccount(AppAccount, { resolve: { profile: true, root: { todos: { $each: true } } } });
  const [draft, setDraft] = useState("");
  const [edits, setEdits] = useState<Record<string, string>>({});

  useEffect(() => {
    if (me.$isLoaded) exposeForTests(me.$jazz.localNode, me.$jazz.id);
  }, [me.$isLoaded && me.$jazz.id]);

  if (!me.$isLoaded) {
    return <p id="loading">Loading your todos…</p>;
  }
  const todos = me.root.todos;
  return (
    <main id="app" data-account={me.$jazz.id} data-state={auth.state} data-count={todos.length}>
      <header>
        <h1>Todos of <span id="user">{me.profile.name}</span></h1>
        <Auth />
      </header>
      <form onSubmit={(event) => {
        event.preventDefault();
        if (draft.trim() === "") return;
        todos.$jazz.push({ title: draft, done: false });
        setDraft("");
      }}>
        <input id="new-todo" value={draft} onChange={(event) => setDraft(event.target.value)} placeholder="What to do?" />
        <button id="add" type="submit">Add</button>
      </form>
      <ul id="todos">
        {todos.map((todo) => (
          <li key={todo.$jazz.id} className="todo" data-id={todo.$jazz.id} data-done={String(todo.done)}>
            <input type="checkbox" className="done" checked={todo.done}
              onChange={() => todo.$jazz.set("done", !todo.done)} />
            <span className="title">{todo.title}</span>
            <input className="edit" value={edits[todo.$jazz.id] ?? ""} placeholder="New title"
              onChange={(event) => setEdits({ ...edits, [todo.$jazz.id]: event.target.value })} />
            <button className="rename" onClick={() => {
              todo.$jazz.set("title", edits[todo.$jazz.id] ?? todo.title);
              setEdits({ ...edits, [todo.$jazz.id]: "" });
            }}>Rename</button>
          </li>
        ))}
      </ul>
    </main>
  );
}
