//! The category tree shared by `summarize`, `diff` and `trend`: categories
//! in order of first appearance, each holding its own leaves (item rows)
//! and subcategories in the order they were added.
//!
//! The tree only knows structure; each computation keeps its own figures in
//! a vector indexed by [`NodeId`], so one shape serves one, two or N years.
#![warn(clippy::arithmetic_side_effects)]

use std::collections::HashMap;

use crate::model::CategoryPath;

/// Index of a category node; the root (the grand total) is [`ROOT`].
pub type NodeId = usize;

pub const ROOT: NodeId = 0;

#[derive(Debug, Default)]
pub struct CategoryTree {
    nodes: Vec<Node>,
    index: HashMap<CategoryPath, NodeId, foldhash::fast::RandomState>,
}

#[derive(Debug)]
struct Node {
    path: Option<CategoryPath>,
    parent: Option<NodeId>,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, Copy)]
enum Entry {
    Category(NodeId),
    Leaf(usize),
}

/// One step of a depth-first walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visit {
    /// A category, before its contents.
    Category(NodeId),
    /// A leaf added with [`CategoryTree::add_leaf`], by its caller's index.
    Leaf(usize),
}

impl CategoryTree {
    pub fn new() -> CategoryTree {
        CategoryTree {
            nodes: vec![Node {
                path: None,
                parent: None,
                entries: Vec::new(),
            }],
            index: HashMap::default(),
        }
    }

    /// Number of nodes, the root included: the length for per-node vectors.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.len() == 1
    }

    /// The node of a category path, created (with its ancestors) if new.
    pub fn node(&mut self, category: &CategoryPath) -> NodeId {
        if let Some(&node) = self.index.get(category) {
            return node;
        }
        let mut parent = ROOT;
        for path in category.ancestors_and_self() {
            parent = match self.index.get(&path) {
                Some(&node) => node,
                None => {
                    let node = self.nodes.len();
                    self.nodes.push(Node {
                        path: Some(path.clone()),
                        parent: Some(parent),
                        entries: Vec::new(),
                    });
                    self.nodes[parent].entries.push(Entry::Category(node));
                    self.index.insert(path, node);
                    node
                }
            };
        }
        parent
    }

    /// Files leaf `leaf` under `category`; returns the category's node.
    pub fn add_leaf(&mut self, category: &CategoryPath, leaf: usize) -> NodeId {
        let node = self.node(category);
        self.nodes[node].entries.push(Entry::Leaf(leaf));
        node
    }

    /// Files leaf `leaf` last under `node`.
    pub fn push_leaf(&mut self, node: NodeId, leaf: usize) {
        self.nodes[node].entries.push(Entry::Leaf(leaf));
    }

    /// Takes leaf `leaf` out of `node`, keeping the order of the rest.
    pub fn remove_leaf(&mut self, node: NodeId, leaf: usize) {
        let entries = &mut self.nodes[node].entries;
        if let Some(at) = entries
            .iter()
            .position(|entry| matches!(*entry, Entry::Leaf(l) if l == leaf))
        {
            entries.remove(at);
        }
    }

    /// The node and each of its ancestors up to and including the root.
    pub fn lineage(&self, node: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let mut next = Some(node);
        std::iter::from_fn(move || {
            let current = next?;
            next = self.nodes[current].parent;
            Some(current)
        })
    }

    /// The parent of a node; `None` for the root. A parent's id is always
    /// smaller than its children's.
    pub fn parent(&self, node: NodeId) -> Option<NodeId> {
        self.nodes[node].parent
    }

    /// The category path of a node; `None` for the root.
    pub fn path(&self, node: NodeId) -> Option<&CategoryPath> {
        self.nodes[node].path.as_ref()
    }

    /// What `node` holds directly, subcategories and leaves, in the order
    /// they were added (the order [`CategoryTree::walk`] visits them in).
    pub fn children(&self, node: NodeId) -> impl Iterator<Item = Visit> + '_ {
        self.nodes[node].entries.iter().map(|entry| match *entry {
            Entry::Category(child) => Visit::Category(child),
            Entry::Leaf(leaf) => Visit::Leaf(leaf),
        })
    }

    /// Every category and leaf below the root, depth first.
    pub fn walk(&self) -> Vec<Visit> {
        let mut visits = Vec::new();
        self.walk_from(ROOT, &mut visits);
        visits
    }

    fn walk_from(&self, node: NodeId, visits: &mut Vec<Visit>) {
        for entry in &self.nodes[node].entries {
            match *entry {
                Entry::Category(child) => {
                    visits.push(Visit::Category(child));
                    self.walk_from(child, visits);
                }
                Entry::Leaf(leaf) => visits.push(Visit::Leaf(leaf)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> CategoryPath {
        CategoryPath::parse(text).unwrap()
    }

    #[test]
    fn walks_in_order_of_first_appearance() {
        let mut tree = CategoryTree::new();
        tree.add_leaf(&path("a/b"), 0);
        tree.add_leaf(&path("c"), 1);
        tree.add_leaf(&path("a"), 2);
        tree.add_leaf(&path("a/b"), 3);
        let a = tree.node(&path("a"));
        let b = tree.node(&path("a/b"));
        let c = tree.node(&path("c"));
        assert_eq!(
            tree.walk(),
            [
                Visit::Category(a),
                Visit::Category(b),
                Visit::Leaf(0),
                Visit::Leaf(3),
                Visit::Leaf(2),
                Visit::Category(c),
                Visit::Leaf(1),
            ]
        );
        assert_eq!(tree.len(), 4);
    }

    #[test]
    fn lineage_climbs_to_the_root() {
        let mut tree = CategoryTree::new();
        let leaf_node = tree.add_leaf(&path("x/y/z"), 0);
        let names: Vec<String> = tree
            .lineage(leaf_node)
            .map(|n| tree.path(n).map_or("root".into(), |p| p.to_string()))
            .collect();
        assert_eq!(names, ["x/y/z", "x/y", "x", "root"]);
    }
}
