//! The configuration as csm loads it, its own checks and the playbooks' check of their rules
//! together: every number of it, set out of range, refuses the file with its key named.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use csm::config::{Config, DEFAULT_TOML};
use csm::playbooks::check_rules;

/// Every number of `table`, as (key path, leaf name); an array's items are numbered.
fn numbers(table: &toml::Table, out: &mut Vec<(Vec<String>, String)>) {
    fn walk(value: &toml::Value, path: &[String], out: &mut Vec<(Vec<String>, String)>) {
        match value {
            toml::Value::Integer(_) | toml::Value::Float(_) => {
                out.push((path.to_vec(), path.last().cloned().unwrap_or_default()));
            }
            toml::Value::Table(t) => {
                for (k, v) in t {
                    walk(v, &[path, std::slice::from_ref(k)].concat(), out);
                }
            }
            toml::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &[path, &[i.to_string()]].concat(), out);
                }
            }
            _ => {}
        }
    }
    walk(&toml::Value::Table(table.clone()), &[], out);
}

fn set(value: &mut toml::Value, path: &[String], new: toml::Value) {
    match (path, value) {
        ([], slot) => *slot = new,
        ([first, rest @ ..], toml::Value::Table(t)) => set(t.get_mut(first).unwrap(), rest, new),
        ([first, rest @ ..], toml::Value::Array(a)) => {
            set(&mut a[first.parse::<usize>().unwrap()], rest, new);
        }
        _ => unreachable!("a path of the default configuration"),
    }
}

#[test]
fn every_number_of_the_configuration_is_checked_and_named() {
    let defaults: toml::Table = DEFAULT_TOML.parse().unwrap();
    let mut keys = Vec::new();
    numbers(&defaults, &mut keys);
    assert!(keys.len() > 40, "{} numbers", keys.len());
    let bad = [
        toml::Value::Float(f64::NAN),
        toml::Value::Float(f64::INFINITY),
        toml::Value::Float(f64::NEG_INFINITY),
        toml::Value::Float(1e308),
        toml::Value::Float(-1e308),
        toml::Value::Integer(i64::MAX),
        toml::Value::Integer(i64::MIN),
    ];
    for (path, leaf) in &keys {
        let full = path.join(".");
        for value in &bad {
            let mut user = toml::Value::Table(defaults.clone());
            set(&mut user, path, value.clone());
            let text = toml::to_string(&user).unwrap();
            let message = match Config::from_toml_str_checked(&text, "u.toml", check_rules) {
                Ok(_) => panic!("`{full} = {value}` was accepted"),
                Err(e) => e.to_string(),
            };
            // A playbook rule or path is named with the setting inside it.
            let owner = path[..3.min(path.len())].join(".");
            let named = message.contains(&format!("key `{full}`"))
                || (full.starts_with("playbooks.")
                    && message.contains(&format!("key `{owner}"))
                    && message.contains(leaf.as_str()));
            assert!(named, "`{full} = {value}`: {message}");
        }
    }
}
