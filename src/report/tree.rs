//! The category tree shared by `summarize`, `diff` and `trend`: categories
//! in order of first appearance, each holding its own leaves (item rows)
//! and subcategories in the order they were added.
//!
//! The tree only knows structure; each computation keeps its own figures in
//! a vector indexed by [`NodeId`], so one shape serves one, two or N years.
#![warn(clippy::arithmetic_side_effects)]

use std::hash::BuildHasher;

use hashbrown::HashTable;

use crate::compact::index_of;
use crate::model::CategoryPath;

/// Index of a category node; the root (the grand total) is [`ROOT`].
pub type NodeId = usize;

pub const ROOT: NodeId = 0;

/// The categories of one or more year files (at most
/// [`crate::load::MAX_INPUT_BYTES`] each), each path kept once, in its
/// node: the index holds only node numbers, found by the path's text, so
/// that a file of a million categories does not keep every path twice.
#[derive(Debug, Default)]
pub struct CategoryTree {
    nodes: Vec<Node>,
    index: HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

#[derive(Debug)]
struct Node {
    path: Option<CategoryPath>,
    /// [`NO_PARENT`] for the root.
    parent: u32,
    entries: Vec<Entry>,
}

const NO_PARENT: u32 = u32::MAX;

/// A subcategory's node, or a leaf (its caller's index, with [`LEAF`]
/// set), in four bytes: a category of a national file keeps a few leaves.
#[derive(Debug, Clone, Copy)]
struct Entry(u32);

const LEAF: u32 = 1 << 31;

impl Entry {
    fn category(node: NodeId) -> Entry {
        Entry(index_of(node))
    }

    fn leaf(leaf: usize) -> Entry {
        let leaf = index_of(leaf);
        // Leaves are items, or their slots: fewer than a file's bytes.
        assert!(leaf < LEAF, "fewer than 2^31 leaves");
        Entry(leaf | LEAF)
    }

    fn visit(self) -> Visit {
        if self.0 & LEAF == 0 {
            Visit::Category(self.0 as usize)
        } else {
            Visit::Leaf((self.0 & !LEAF) as usize)
        }
    }
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
                parent: NO_PARENT,
                entries: Vec::new(),
            }],
            index: HashTable::new(),
            hasher: foldhash::fast::RandomState::default(),
        }
    }

    /// Number of nodes, the root included: the length for per-node vectors.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.len() == 1
    }

    /// The node of the category whose path is `text`, if it has one.
    fn find(&self, text: &str) -> Option<NodeId> {
        let nodes = &self.nodes;
        self.index
            .find(self.hasher.hash_one(text), |&node| {
                nodes[node as usize]
                    .path
                    .as_ref()
                    .is_some_and(|path| path.as_str() == text)
            })
            .map(|&node| node as usize)
    }

    /// The node of a category path, created (with its ancestors) if new.
    pub fn node(&mut self, category: &CategoryPath) -> NodeId {
        if let Some(node) = self.find(category.as_str()) {
            return node;
        }
        let mut parent = ROOT;
        for path in category.ancestors_and_self() {
            parent = match self.find(path.as_str()) {
                Some(node) => node,
                None => self.add_node(path, parent),
            };
        }
        parent
    }

    /// A new node for `path` (not in the tree yet) under `parent`.
    fn add_node(&mut self, path: CategoryPath, parent: NodeId) -> NodeId {
        let node = self.nodes.len();
        let hash = self.hasher.hash_one(path.as_str());
        self.nodes.push(Node {
            path: Some(path),
            parent: index_of(parent),
            entries: Vec::new(),
        });
        self.nodes[parent].entries.push(Entry::category(node));
        let (nodes, hasher) = (&self.nodes, &self.hasher);
        self.index.insert_unique(hash, index_of(node), |&node| {
            let path = nodes[node as usize].path.as_ref();
            hasher.hash_one(path.map_or("", CategoryPath::as_str))
        });
        node
    }

    /// Files leaf `leaf` under `category`; returns the category's node.
    pub fn add_leaf(&mut self, category: &CategoryPath, leaf: usize) -> NodeId {
        let node = self.node(category);
        self.nodes[node].entries.push(Entry::leaf(leaf));
        node
    }

    /// Files leaf `leaf` last under `node`.
    pub fn push_leaf(&mut self, node: NodeId, leaf: usize) {
        self.nodes[node].entries.push(Entry::leaf(leaf));
    }

    /// Takes leaf `leaf` out of `node`, keeping the order of the rest.
    pub fn remove_leaf(&mut self, node: NodeId, leaf: usize) {
        let entries = &mut self.nodes[node].entries;
        if let Some(at) = entries
            .iter()
            .position(|entry| entry.visit() == Visit::Leaf(leaf))
        {
            entries.remove(at);
        }
    }

    /// The node and each of its ancestors up to and including the root.
    pub fn lineage(&self, node: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let mut next = Some(node);
        std::iter::from_fn(move || {
            let current = next?;
            next = self.parent(current);
            Some(current)
        })
    }

    /// The parent of a node; `None` for the root. A parent's id is always
    /// smaller than its children's.
    pub fn parent(&self, node: NodeId) -> Option<NodeId> {
        let parent = self.nodes[node].parent;
        (parent != NO_PARENT).then_some(parent as usize)
    }

    /// The category path of a node; `None` for the root.
    pub fn path(&self, node: NodeId) -> Option<&CategoryPath> {
        self.nodes[node].path.as_ref()
    }

    /// What `node` holds directly, subcategories and leaves, in the order
    /// they were added (the order [`CategoryTree::walk`] visits them in).
    pub fn children(&self, node: NodeId) -> impl Iterator<Item = Visit> + '_ {
        self.nodes[node].entries.iter().map(|entry| entry.visit())
    }

    /// Every category and leaf below the root, depth first.
    pub fn walk(&self) -> Vec<Visit> {
        let mut visits = Vec::new();
        self.walk_from(ROOT, &mut visits);
        visits
    }

    fn walk_from(&self, node: NodeId, visits: &mut Vec<Visit>) {
        for entry in &self.nodes[node].entries {
            let visit = entry.visit();
            visits.push(visit);
            if let Visit::Category(child) = visit {
                self.walk_from(child, visits);
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
