package dev.sagebox.hosting;

class InMemoryNotebookInstanceRepositoryTest extends NotebookInstanceRepositoryContract {
    @Override
    protected NotebookInstanceRepository repository() {
        return new InMemoryNotebookInstanceRepository();
    }
}
