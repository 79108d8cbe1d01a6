mod article;
mod library;
mod normalize;
mod sanitize;

fn main() {}
